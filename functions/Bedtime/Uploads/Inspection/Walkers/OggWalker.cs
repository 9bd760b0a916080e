using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>
/// OGG: page after page ("OggS", version 0, segment table, body) to the very end; the first page begins a stream
/// whose first packet is a Vorbis or Opus identification header. The stream lasts the granule position of its last
/// page (a sample count) over the header's sample rate, less Opus's pre-skip.
/// </summary>
internal sealed class OggWalker() : StructureWalker("OGG recording", bufferSize: 255, firstRead: CapturePatternLength)
{
    // The capture pattern is read on its own so that anything else after the last page is named as such.
    private const int CapturePatternLength = 4;
    private const int PageHeaderLength = 27;
    private const int PacketPeek = 16; // enough for Vorbis's sample rate and Opus's pre-skip
    private const int OpusSampleRate = 48_000; // Opus granule positions always count 48 kHz samples
    private const byte BeginningOfStream = 0x02;
    private const byte EndOfStream = 0x04;

    private enum Step { CapturePattern, PageHeader, SegmentTable, FirstPacket }

    private Step _step;
    private int _pages;
    private long _bodyLeft;
    private bool _lastPageEndedStream;
    private uint _serial;
    private long _lastGranule = -1;
    private int _sampleRate;
    private int _preSkip;

    public override MediaMeasurements? Measurements => _sampleRate > 0 && _lastGranule >= 0
        ? new MediaMeasurements(DurationSeconds: Math.Max(0, _lastGranule - _preSkip) / (double)_sampleRate)
        : null;

    protected override void OnRead(ReadOnlySpan<byte> bytes)
    {
        switch (_step)
        {
            case Step.CapturePattern when bytes.SequenceEqual(Signatures.Ogg):
                _step = Step.PageHeader;
                Next(0, PageHeaderLength - CapturePatternLength);
                break;
            case Step.CapturePattern when _lastPageEndedStream:
                FailWith(Appended);
                break;
            case Step.CapturePattern:
                Fail(_pages == 0 ? "its first page header is invalid" : "a page is broken");
                break;
            case Step.PageHeader:
                OnPageHeader(bytes);
                break;
            case Step.SegmentTable:
                OnSegmentTable(bytes);
                break;
            case Step.FirstPacket:
                OnIdentification(bytes);
                break;
        }
    }

    protected override string? AtEndOfStream() => _step == Step.CapturePattern && IsIdle && _pages > 0 ? null : Incomplete;

    // The rest of the page header: version, flags, granule position, serial, sequence, CRC, segment count.
    private void OnPageHeader(ReadOnlySpan<byte> header)
    {
        var flags = header[1];
        if (header[0] != 0 || (flags & ~0x07) != 0)
        {
            Fail("a page header is invalid");
        }
        else if (_pages == 0 && (flags & BeginningOfStream) == 0)
        {
            Fail("its first page does not begin a stream");
        }
        else
        {
            // The granule position (the samples decoded by the end of this page; -1 when no packet ends on it) counts
            // only for the first stream.
            var granule = BinaryPrimitives.ReadInt64LittleEndian(header[2..]);
            var serial = BinaryPrimitives.ReadUInt32LittleEndian(header[10..]);
            if (_pages++ == 0)
            {
                _serial = serial;
            }

            if (serial == _serial && granule >= 0)
            {
                _lastGranule = granule;
            }

            _lastPageEndedStream = (flags & EndOfStream) != 0;
            var segments = header[PageHeaderLength - CapturePatternLength - 1];
            if (segments == 0)
            {
                OnSegmentTable([]);
                return;
            }

            _step = Step.SegmentTable;
            Next(0, segments);
        }
    }

    private void OnSegmentTable(ReadOnlySpan<byte> lacing)
    {
        long body = 0;
        foreach (var segment in lacing)
        {
            body += segment;
        }

        if (_pages > 1)
        {
            ReadPageHeader(skip: body);
        }
        else if (body < PacketPeek)
        {
            Fail("its first packet is too short");
        }
        else
        {
            _bodyLeft = body - PacketPeek;
            _step = Step.FirstPacket;
            Next(0, PacketPeek);
        }
    }

    // Vorbis: packet type, "vorbis", version (4), channels (1), sample rate (4). Opus: "OpusHead", version, channels, pre-skip (2).
    private void OnIdentification(ReadOnlySpan<byte> packet)
    {
        if (packet.StartsWith(Signatures.VorbisIdentification))
        {
            _sampleRate = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]), int.MaxValue);
        }
        else if (packet.StartsWith(Signatures.OpusHead))
        {
            _sampleRate = OpusSampleRate;
            _preSkip = BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]);
        }
        else
        {
            Fail("it is neither Vorbis nor Opus audio");
            return;
        }

        if (_sampleRate == 0)
        {
            Fail("its identification header gives no sample rate");
            return;
        }

        ReadPageHeader(skip: _bodyLeft);
    }

    private void ReadPageHeader(long skip)
    {
        _step = Step.CapturePattern;
        Next(skip, CapturePatternLength);
    }
}
