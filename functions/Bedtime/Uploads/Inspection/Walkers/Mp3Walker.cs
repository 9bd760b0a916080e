using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>
/// MP3: an optional ID3v2 tag (skipped by its declared size, then any zero padding), then MPEG audio frames that
/// follow one another exactly by their computed lengths. Three in a row are enough; the rest of the file is left
/// to the embedded-marker scan, because real files end in all sorts of tags.
/// </summary>
internal sealed class Mp3Walker() : StructureWalker("MP3 recording", bufferSize: Id3HeaderLength, firstRead: Id3HeaderLength)
{
    private const int Id3HeaderLength = 10;
    private const int FramesNeeded = 3;
    private const int FramesEnoughForShortFile = 2;
    private const int MaxPadding = 1024 * 1024;

    private enum Step { Start, Padding, FrameRest, FrameHeader }

    private Step _step;
    private MpegAudioFrameHeader _first;
    private int _frames;
    private int _padding;

    protected override void OnRead(ReadOnlySpan<byte> bytes)
    {
        switch (_step)
        {
            case Step.Start when bytes.StartsWith(Signatures.Id3v2):
                OnId3Header(bytes);
                break;
            case Step.Start:
                OnFrame(bytes, consumed: Id3HeaderLength);
                break;
            case Step.Padding when bytes[0] == 0x00 && ++_padding <= MaxPadding:
                Next(0, 1);
                break;
            case Step.Padding when bytes[0] == 0xFF:
                _step = Step.FrameRest;
                Next(0, MpegAudioFrameHeader.Length - 1);
                break;
            case Step.Padding:
                Fail("no audio frame follows its ID3 tag");
                break;
            case Step.FrameRest:
                OnFrame([0xFF, bytes[0], bytes[1], bytes[2]], consumed: MpegAudioFrameHeader.Length);
                break;
            case Step.FrameHeader when _frames >= FramesEnoughForShortFile && bytes.StartsWith(Signatures.Id3v1):
                Satisfied();
                break;
            case Step.FrameHeader:
                OnFrame(bytes, consumed: MpegAudioFrameHeader.Length);
                break;
        }
    }

    protected override string? AtEndOfStream() =>
        _frames >= FramesEnoughForShortFile && _step == Step.FrameHeader && IsIdle ? null : Incomplete;

    private void OnId3Header(ReadOnlySpan<byte> header)
    {
        // Version 2–4, and a "syncsafe" size: four bytes of seven bits each.
        var size = 0;
        foreach (var b in header[6..Id3HeaderLength])
        {
            if (b >= 0x80)
            {
                Fail("its ID3 tag header is invalid");
                return;
            }

            size = size << 7 | b;
        }

        if (header[3] is < 2 or > 4 || header[4] == 0xFF)
        {
            Fail("its ID3 tag header is invalid");
            return;
        }

        var footer = header[3] == 4 && (header[5] & 0x10) != 0 ? Id3HeaderLength : 0;
        _step = Step.Padding;
        Next(size + footer, 1);
    }

    private void OnFrame(ReadOnlySpan<byte> bytes, int consumed)
    {
        if (!MpegAudioFrameHeader.TryParse(bytes, out var header))
        {
            Fail(_frames == 0 ? "it does not start with an audio frame" : "its audio frames do not follow one another");
            return;
        }

        if (_frames > 0 && !header.SameStreamAs(_first))
        {
            Fail("its audio frames are inconsistent");
            return;
        }

        if (_frames++ == 0)
        {
            _first = header;
        }

        if (_frames >= FramesNeeded)
        {
            Satisfied();
            return;
        }

        _step = Step.FrameHeader;
        Next(header.FrameLength - consumed, MpegAudioFrameHeader.Length);
    }
}
