using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>
/// MP3: an optional ID3v2 tag (skipped by its declared size, then any zero padding), then MPEG audio frames that
/// follow one another exactly by their computed lengths. Three in a row are enough to accept it; the rest of the file
/// is left to the embedded-marker scan, because real files end in all sorts of tags. Its length: the frame count the
/// encoder's summary frame (Xing/Info or VBRI) declares, or else the frames counted to the end — leniently, finding
/// its way back through damage, where a frame found again counts once the next one follows it (or the file ends).
/// </summary>
internal sealed class Mp3Walker() : StructureWalker("MP3 recording", bufferSize: SummaryWindow, firstRead: Id3HeaderLength)
{
    private const int Id3HeaderLength = 10;
    private const int FramesNeeded = 3;
    private const int FramesEnoughForShortFile = 2;
    private const int MaxPadding = 1024 * 1024;
    private const uint XingFramesPresent = 0x1;
    private const int VbriOffset = 36; // always after 32 bytes, whatever the side information
    private const int SummaryWindow = VbriOffset + 18; // enough of the first frame for either summary header

    private enum Step { Start, Padding, FrameRest, FirstFrameRest, FrameHeader }

    private readonly byte[] _firstFrame = new byte[SummaryWindow];
    private Step _step;
    private MpegAudioFrameHeader _first;
    private int _firstFrameRead;
    private int _frames;
    private int _padding;
    private long? _declaredFrames;
    private double _seconds;

    // Counting past the first frames: the rest of the frame being skipped, the header being assembled, and whether
    // the next header is expected right here (in sync) or searched for byte by byte.
    private long _bodyLeft;
    private uint _window;
    private int _windowFill;
    private bool _inSync = true;
    private double _current;
    private bool _currentConfirmed;
    private double _unconfirmed;

    public override MediaMeasurements? Measurements => _frames == 0 ? null
        : new MediaMeasurements(DurationSeconds: _declaredFrames is { } total ? total * (double)_first.SamplesPerFrame / _first.SampleRate : _seconds);

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
            case Step.FirstFrameRest:
                bytes.CopyTo(_firstFrame.AsSpan(_firstFrameRead));
                _firstFrameRead += bytes.Length;
                OnFirstFrameRead();
                break;
            case Step.FrameHeader when _frames >= FramesEnoughForShortFile && bytes.StartsWith(Signatures.Id3v1):
                Satisfied();
                break;
            case Step.FrameHeader:
                OnFrame(bytes, consumed: MpegAudioFrameHeader.Length);
                break;
        }
    }

    protected override string? AtEndOfStream()
    {
        if (_step == Step.FrameHeader && _frames >= FramesNeeded)
        {
            if (_inSync && _bodyLeft == 0 && _windowFill == 0)
            {
                _seconds += _unconfirmed; // the last frame found again ends where the file does
            }

            return null;
        }

        return _frames >= FramesEnoughForShortFile && _step == Step.FrameHeader && IsIdle ? null : Incomplete;
    }

    protected override int Scan(ReadOnlySpan<byte> data)
    {
        var used = 0;
        while (used < data.Length)
        {
            if (_bodyLeft > 0)
            {
                var skip = (int)Math.Min(_bodyLeft, data.Length - used);
                _bodyLeft -= skip;
                used += skip;
                if (_bodyLeft == 0)
                {
                    OnFrameSkipped();
                }

                continue;
            }

            _window = _window << 8 | data[used++];
            _windowFill = Math.Min(_windowFill + 1, MpegAudioFrameHeader.Length);
            if (_windowFill == MpegAudioFrameHeader.Length)
            {
                OnCountedHeader();
            }
        }

        return used;
    }

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

        _seconds += Seconds(header);
        if (_frames++ == 0)
        {
            _first = header;
            bytes[..consumed].CopyTo(_firstFrame);
            _firstFrameRead = consumed;
            var wanted = Math.Min(header.FrameLength, SummaryWindow) - consumed;
            if (wanted > 0)
            {
                _step = Step.FirstFrameRest;
                Next(0, wanted);
            }
            else
            {
                OnFirstFrameRead();
            }

            return;
        }

        AfterFrameHeader(header.FrameLength - consumed);
    }

    private void OnFirstFrameRead() => AfterFrameHeader(_first.FrameLength - _firstFrameRead);

    private void AfterFrameHeader(long restOfFrame)
    {
        if (_frames == 1)
        {
            _declaredFrames = DeclaredFrameCount(_firstFrame.AsSpan(0, Math.Min(_firstFrameRead, _first.FrameLength)), _first);
        }

        _step = Step.FrameHeader;
        if (_frames < FramesNeeded)
        {
            Next(restOfFrame, MpegAudioFrameHeader.Length);
        }
        else if (_declaredFrames is not null)
        {
            Satisfied();
        }
        else
        {
            ScanAfter(restOfFrame);
        }
    }

    // A header where one was expected, or (out of sync) anywhere: a frame of the same stream is counted once its body
    // has passed; one found out of sync only once another follows it.
    private void OnCountedHeader()
    {
        Span<byte> bytes = stackalloc byte[MpegAudioFrameHeader.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _window);
        if (MpegAudioFrameHeader.TryParse(bytes, out var header) && header.SameStreamAs(_first))
        {
            if (_inSync)
            {
                _seconds += _unconfirmed;
            }

            _unconfirmed = 0;
            _current = Seconds(header);
            _currentConfirmed = _inSync;
            _windowFill = 0;
            _bodyLeft = header.FrameLength - MpegAudioFrameHeader.Length;
            if (_bodyLeft == 0)
            {
                OnFrameSkipped();
            }
        }
        else if (_inSync)
        {
            _unconfirmed = 0;
            _inSync = false;
        }
    }

    private void OnFrameSkipped()
    {
        if (_currentConfirmed)
        {
            _seconds += _current;
        }
        else
        {
            _unconfirmed = _current;
        }

        _inSync = true;
    }

    private static double Seconds(MpegAudioFrameHeader header) => header.SamplesPerFrame / (double)header.SampleRate;

    // The encoder's summary frame, when it carries a frame count.
    private static long? DeclaredFrameCount(ReadOnlySpan<byte> frame, MpegAudioFrameHeader header)
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
