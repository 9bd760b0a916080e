using System.Buffers.Binary;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>
/// JPEG: start-of-image, then marker segments walked by their lengths (so an embedded EXIF thumbnail's end marker
/// is skipped over, not mistaken for the end), entropy-coded scans read up to the next real marker, and the
/// end-of-image marker. Only zero padding may follow it.
/// </summary>
internal sealed class JpegWalker() : StructureWalker("JPEG image", bufferSize: 6, firstRead: 2)
{
    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;
    private const byte Temporary = 0x01;
    private const int FrameHeaderLength = 6;

    private enum Step { Start, Prefix, Code, SegmentLength, FrameHeader }

    private Step _step;
    private byte _marker;
    private int _segmentLength;
    private bool _sawFrame;
    private bool _sawScan;
    private bool _afterPrefixInScan;
    private MediaMeasurements? _size;

    public override MediaMeasurements? Measurements => _size;

    protected override void OnRead(ReadOnlySpan<byte> bytes)
    {
        switch (_step)
        {
            case Step.Start when bytes[0] == MarkerPrefix && bytes[1] == StartOfImage:
                ReadMarker(skip: 0);
                break;
            case Step.Start:
                Fail("it has no start-of-image marker");
                break;
            case Step.Prefix when bytes[0] == MarkerPrefix:
                _step = Step.Code;
                Next(0, 1);
                break;
            case Step.Prefix:
                Fail("a segment does not start with a marker");
                break;
            case Step.Code:
                OnMarker(bytes[0]);
                break;
            case Step.SegmentLength:
                OnSegmentLength(BinaryPrimitives.ReadUInt16BigEndian(bytes));
                break;
            case Step.FrameHeader:
                OnFrameHeader(bytes);
                break;
        }
    }

    protected override int Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (!_afterPrefixInScan)
            {
                var prefix = data[i..].IndexOf(MarkerPrefix);
                if (prefix < 0)
                {
                    return data.Length;
                }

                i += prefix + 1;
                _afterPrefixInScan = true;
                continue;
            }

            var code = data[i++];
            if (code == MarkerPrefix)
            {
                continue; // fill byte
            }

            _afterPrefixInScan = false;
            if (code != 0x00 && !IsRestart(code))
            {
                OnMarker(code); // a stuffed zero or a restart marker stays inside the scan; anything else ends it
                return i;
            }
        }

        return i;
    }

    protected override string? TrailingProblem() => TrailingNonZero ? Appended : null;

    private void OnMarker(byte code)
    {
        switch (code)
        {
            case MarkerPrefix:
                Next(0, 1); // fill byte before the code
                break;
            case StartOfImage:
                Fail("it has a second start-of-image marker");
                break;
            case EndOfImage when _sawScan:
                EndAfter(0);
                break;
            case EndOfImage:
                Fail("it ends before any image data");
                break;
            case Temporary:
            case var _ when IsRestart(code):
                ReadMarker(skip: 0);
                break;
            case 0x00:
                Fail("a marker is invalid");
                break;
            default:
                _marker = code;
                _step = Step.SegmentLength;
                Next(0, 2);
                break;
        }
    }

    private void OnSegmentLength(int length)
    {
        _segmentLength = length;
        if (length < 2)
        {
            Fail("a segment length is invalid");
        }
        else if (IsStartOfFrame(_marker))
        {
            if (length < 2 + FrameHeaderLength)
            {
                Fail("the frame header is too short");
                return;
            }

            _step = Step.FrameHeader;
            Next(0, FrameHeaderLength);
        }
        else if (_marker == StartOfScan)
        {
            if (!_sawFrame)
            {
                Fail("image data comes before the frame header");
                return;
            }

            _sawScan = true;
            _afterPrefixInScan = false;
            ScanAfter(length - 2);
        }
        else
        {
            ReadMarker(skip: length - 2);
        }
    }

    private void OnFrameHeader(ReadOnlySpan<byte> header)
    {
        var height = BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
        var width = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        var components = header[5];
        // A zero height is legal (the DNL marker gives it later); a zero width is not.
        if (width is 0 or > MaxDimension || height > MaxDimension || components is 0 or > 4 || header[0] is < 2 or > 16)
        {
            Fail("its frame header has implausible values");
            return;
        }

        _sawFrame = true;
        _size ??= new MediaMeasurements(width, height == 0 ? null : height);
        ReadMarker(skip: _segmentLength - 2 - FrameHeaderLength);
    }

    private void ReadMarker(long skip)
    {
        _step = Step.Prefix;
        Next(skip, 1);
    }

    private static bool IsRestart(byte code) => code is >= 0xD0 and <= 0xD7;

    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsStartOfFrame(byte code) => code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}
