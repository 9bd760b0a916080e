using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Analysis;

/// <summary>
/// An MP3's length: from the Xing/Info or VBRI header's frame count when the first frame carries one, otherwise by
/// walking every frame (reading the stream through once, frame by frame) and counting samples.
/// </summary>
internal static class Mp3DurationReader
{
    private const int Id3HeaderLength = 10;
    private const int MaxJunkBeforeFirstFrame = 1024 * 1024;
    private const uint XingFramesPresent = 0x1;
    private const int VbriOffset = 36; // always after 32 bytes, whatever the side information

    public static async Task<double> ReadAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        await SkipId3TagAsync(reader, cancellationToken);
        MpegAudioFrameHeader? first = null;
        var inSync = false;
        long frames = 0;
        double seconds = 0;
        var junk = 0L;
        while (await reader.FillAsync(MpegAudioFrameHeader.Length, cancellationToken))
        {
            if (!MpegAudioFrameHeader.TryParse(reader.Span, out var header) || (first is { } stream && !header.SameStreamAs(stream)))
            {
                if (reader.Span.StartsWith(Signatures.Id3v1) && frames > 0)
                {
                    break; // the ID3v1 tag at the end
                }

                // Lost sync (junk, padding, damage): step forward to the next possible frame start.
                inSync = false;
                reader.Advance(1);
                if (frames == 0 && ++junk > MaxJunkBeforeFirstFrame)
                {
                    break;
                }

                continue;
            }

            // Out of sync, a header only counts when the next one follows where its length says (or the file ends there).
            await reader.FillAsync(header.FrameLength + MpegAudioFrameHeader.Length, cancellationToken);
            if (!inSync && !IsFollowedByFrameOrEnd(reader, header))
            {
                reader.Advance(1);
                junk++;
                continue;
            }

            inSync = true;
            if (first is null)
            {
                first = header;
                if (ReadFrameCount(reader.Span[..Math.Min(reader.Buffered, header.FrameLength)], header) is { } total)
                {
                    return total * (double)header.SamplesPerFrame / header.SampleRate;
                }
            }

            if (reader.Buffered < header.FrameLength)
            {
                break; // a cut-off last frame
            }

            reader.Advance(header.FrameLength);
            frames++;
            seconds += header.SamplesPerFrame / (double)header.SampleRate;
        }

        return frames > 0 ? seconds : throw new CorruptFileException("The MP3 recording has no audio frames.");
    }

    private static bool IsFollowedByFrameOrEnd(ByteReader reader, MpegAudioFrameHeader header) =>
        reader.Buffered == header.FrameLength
        || (reader.Buffered >= header.FrameLength + MpegAudioFrameHeader.Length
            && MpegAudioFrameHeader.TryParse(reader.Span[header.FrameLength..], out var next)
            && next.SameStreamAs(header));

    private static async Task SkipId3TagAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        await reader.FillAsync(Id3HeaderLength, cancellationToken);
        var header = reader.Span;
        if (header.Length < Id3HeaderLength || !header.StartsWith(Signatures.Id3v2))
        {
            return;
        }

        var size = 0;
        foreach (var b in header[6..Id3HeaderLength])
        {
            size = size << 7 | (b & 0x7F);
        }

        var footer = header[3] == 4 && (header[5] & 0x10) != 0 ? Id3HeaderLength : 0;
        reader.Advance(Id3HeaderLength);
        await reader.SkipAsync(size + footer, cancellationToken);
    }

    // The encoder's summary frame (silent, so not counted as audio when present).
    private static long? ReadFrameCount(ReadOnlySpan<byte> frame, MpegAudioFrameHeader header)
    {
        var xing = header.SideInformationEnd;
        if (frame.Length >= xing + 12
            && (frame[xing..].StartsWith(Signatures.Xing) || frame[xing..].StartsWith(Signatures.XingInfo))
            && (BinaryPrimitives.ReadUInt32BigEndian(frame[(xing + 4)..]) & XingFramesPresent) != 0)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(frame[(xing + 8)..]);
        }

        if (frame.Length >= VbriOffset + 18 && frame[VbriOffset..].StartsWith(Signatures.Vbri))
        {
            return BinaryPrimitives.ReadUInt32BigEndian(frame[(VbriOffset + 14)..]);
        }

        return null;
    }
}
