using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>
/// OGG: page after page ("OggS", version 0, segment table, body) to the very end; the first page begins a stream
/// whose first packet is a Vorbis or Opus identification header.
/// </summary>
internal sealed class OggWalker() : StructureWalker("OGG recording", bufferSize: 255, firstRead: CapturePatternLength)
{
    // The capture pattern is read on its own so that anything else after the last page is named as such.
    private const int CapturePatternLength = 4;
    private const int PageHeaderLength = 27;
    private const int PacketPeek = 8;
    private const byte BeginningOfStream = 0x02;
    private const byte EndOfStream = 0x04;

    private enum Step { CapturePattern, PageHeader, SegmentTable, FirstPacket }

    private Step _step;
    private int _pages;
    private long _bodyLeft;
    private bool _lastPageEndedStream;

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
                if (!bytes.StartsWith(Signatures.VorbisIdentification) && !bytes.StartsWith(Signatures.OpusHead))
                {
                    Fail("it is neither Vorbis nor Opus audio");
                    return;
                }

                ReadPageHeader(skip: _bodyLeft);
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
            _pages++;
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

    private void ReadPageHeader(long skip)
    {
        _step = Step.CapturePattern;
        Next(skip, CapturePatternLength);
    }
}
