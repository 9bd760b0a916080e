using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Analysis;

/// <summary>A recording's length from its headers: WAV by byte rate, OGG by the last granule position, MP3 by frames.</summary>
internal static class AudioDurationReader
{
    private const int OggPageHeaderLength = 27;
    private const int OpusSampleRate = 48_000; // Opus granule positions always count 48 kHz samples

    public static async Task<double> ReadAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        await reader.FillAsync(12, cancellationToken);
        var start = reader.Span;
        if (start.Length >= 12 && start.StartsWith(Signatures.Riff) && start[8..12].SequenceEqual(Signatures.Wave))
        {
            return await ReadWavAsync(reader, cancellationToken);
        }

        if (start.StartsWith(Signatures.Ogg))
        {
            return await ReadOggAsync(reader, cancellationToken);
        }

        return await Mp3DurationReader.ReadAsync(reader, cancellationToken);
    }

    // Chunks until "fmt " (for the byte rate) and "data"; the data is counted as it is read past, so a header
    // that overstates it (recorders that never went back to fix it) doesn't inflate the duration.
    private static async Task<double> ReadWavAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        reader.Advance(12);
        uint byteRate = 0;
        while (await reader.FillAsync(8, cancellationToken))
        {
            var id = reader.Span[..4];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(reader.Span[4..]);
            var isFormat = id.SequenceEqual(Signatures.WaveFormat);
            var isData = id.SequenceEqual(Signatures.WaveData);
            reader.Advance(8);
            if (isFormat)
            {
                await reader.RequireAsync(16, cancellationToken);
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(reader.Span[8..]);
            }
            else if (isData)
            {
                if (byteRate == 0)
                {
                    throw new CorruptFileException("The WAV recording has no usable format before its audio data.");
                }

                return await reader.SkipAsync(size, cancellationToken) / (double)byteRate;
            }

            await reader.SkipAsync((long)size + (size & 1), cancellationToken);
        }

        throw new CorruptFileException("The WAV recording has no audio data.");
    }

    // Page by page: the identification header on the first page gives the sample rate (and Opus's pre-skip);
    // the last page of that stream with a granule position gives the sample count.
    private static async Task<double> ReadOggAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        uint? serial = null;
        var sampleRate = 0;
        var preSkip = 0;
        var lastGranule = -1L;
        while (await reader.FillAsync(OggPageHeaderLength, cancellationToken))
        {
            var header = reader.Span;
            if (!header.StartsWith(Signatures.Ogg))
            {
                throw new CorruptFileException("The OGG recording has a broken page.");
            }

            var granule = BinaryPrimitives.ReadInt64LittleEndian(header[6..]);
            var pageSerial = BinaryPrimitives.ReadUInt32LittleEndian(header[14..]);
            var segments = header[26];
            await reader.RequireAsync(OggPageHeaderLength + segments, cancellationToken);
            var body = 0;
            foreach (var lacing in reader.Span.Slice(OggPageHeaderLength, segments))
            {
                body += lacing;
            }

            reader.Advance(OggPageHeaderLength + segments);
            if (serial is null)
            {
                serial = pageSerial;
                await reader.RequireAsync(Math.Min(body, 19), cancellationToken);
                (sampleRate, preSkip) = ReadIdentification(reader.Span[..Math.Min(body, 19)]);
            }

            if (pageSerial == serial && granule >= 0)
            {
                lastGranule = granule;
            }

            if (await reader.SkipAsync(body, cancellationToken) < body)
            {
                break; // a cut-off last page: keep what the complete ones said
            }
        }

        if (sampleRate <= 0 || lastGranule < 0)
        {
            throw new CorruptFileException("The OGG recording has no usable stream header.");
        }

        return Math.Max(0, lastGranule - preSkip) / (double)sampleRate;
    }

    // Vorbis: packet type, "vorbis", version (4), channels (1), sample rate (4). Opus: "OpusHead", version, channels, pre-skip (2).
    private static (int SampleRate, int PreSkip) ReadIdentification(ReadOnlySpan<byte> packet)
    {
        if (packet.StartsWith(Signatures.VorbisIdentification) && packet.Length >= 16)
        {
            return ((int)BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]), 0);
        }

        if (packet.StartsWith(Signatures.OpusHead) && packet.Length >= 12)
        {
            return (OpusSampleRate, BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]));
        }

        throw new CorruptFileException("The OGG recording is neither Vorbis nor Opus audio.");
    }
}
