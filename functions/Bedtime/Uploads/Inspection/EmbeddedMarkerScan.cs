using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection;

/// <summary>
/// Looks through the whole upload, across chunk boundaries, for other formats' structures hidden inside an
/// accepted one (polyglots): ZIP records, HTML/script tags, a PDF header. It keeps only the last few bytes of
/// each chunk, so a marker split between chunks is still found. ZIP records must also have plausible fields,
/// so that random compressed image or audio data doesn't trip it.
/// </summary>
internal sealed class EmbeddedMarkerScan
{
    // Enough for the longest check (a ZIP local file header is 30 bytes).
    private const int Window = 32;
    private const int ZipLocalFileHeaderLength = 30;
    private const int ZipEndRecordLength = 22;

    private static readonly SearchValues<byte> FirstBytes = SearchValues.Create("P<%"u8);

    // The last Window-1 bytes seen: the only positions whose check may still lack bytes.
    private readonly byte[] _carry = new byte[Window - 1];
    private int _carryLength;
    private long _seen;
    private bool _finished;

    // Offsets of the first of each after offset 0: what starts the file is its own format, judged by its magic.
    public long? ZipLocalFileAt { get; private set; }

    public long? ZipEndRecordAt { get; private set; }

    /// <summary>The first &lt;script or &lt;html tag, in any case.</summary>
    public long? MarkupAt { get; private set; }

    public long? PdfHeaderAt { get; private set; }

    public bool HasEmbeddedZip => ZipLocalFileAt is not null || ZipEndRecordAt is not null;

    private bool FoundEverything =>
        ZipLocalFileAt is not null && ZipEndRecordAt is not null && MarkupAt is not null && PdfHeaderAt is not null;

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty || FoundEverything)
        {
            return;
        }

        if (_carryLength > 0)
        {
            // Positions starting in the carry, now that the chunk's first bytes complete their windows.
            Span<byte> joined = stackalloc byte[2 * Window];
            var borrowed = Math.Min(chunk.Length, Window - 1);
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            chunk[..borrowed].CopyTo(joined[_carryLength..]);
            var view = joined[..(_carryLength + borrowed)];
            ScanPositions(view, Math.Min(_carryLength, view.Length - Window + 1), _seen - _carryLength);
        }

        ScanPositions(chunk, chunk.Length - Window + 1, _seen);
        Carry(chunk);
        _seen += chunk.Length;
    }

    /// <summary>The upload has ended: check the last positions with whatever bytes follow them.</summary>
    public void Finish()
    {
        if (!_finished)
        {
            _finished = true;
            ScanPositions(_carry.AsSpan(0, _carryLength), _carryLength, _seen - _carryLength);
        }
    }

    private void ScanPositions(ReadOnlySpan<byte> view, int limit, long offset)
    {
        for (var i = 0; i < limit;)
        {
            var found = view[i..limit].IndexOfAny(FirstBytes);
            if (found < 0)
            {
                return;
            }

            i += found;
            Check(view[i..], offset + i);
            i++;
        }
    }

    private void Check(ReadOnlySpan<byte> at, long offset)
    {
        if (offset == 0)
        {
            return;
        }

        if (ZipLocalFileAt is null && IsZipLocalFileHeader(at))
        {
            ZipLocalFileAt = offset;
        }
        else if (ZipEndRecordAt is null && IsZipEndRecord(at))
        {
            ZipEndRecordAt = offset;
        }
        else if (MarkupAt is null && (IsTag(at, Signatures.ScriptTag) || IsTag(at, Signatures.HtmlTag)))
        {
            MarkupAt = offset;
        }
        else if (PdfHeaderAt is null && at.StartsWith(Signatures.PdfHeader))
        {
            PdfHeaderAt = offset;
        }
    }

    private void Carry(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= _carry.Length)
        {
            chunk[^_carry.Length..].CopyTo(_carry);
            _carryLength = _carry.Length;
            return;
        }

        var keep = Math.Min(_carryLength, _carry.Length - chunk.Length);
        _carry.AsSpan(_carryLength - keep, keep).CopyTo(_carry);
        chunk.CopyTo(_carry.AsSpan(keep));
        _carryLength = keep + chunk.Length;
    }

    // Version needed ≤ 10.0, a known compression method, and a file name of sane length.
    private static bool IsZipLocalFileHeader(ReadOnlySpan<byte> at)
    {
        if (at.Length < ZipLocalFileHeaderLength || !at.StartsWith(Signatures.ZipLocalFile))
        {
            return false;
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(at[4..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(at[8..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(at[26..]);
        return version <= 100 && (method <= 20 || method is >= 93 and <= 99) && nameLength is >= 1 and <= 1024;
    }

    // Single-disk archives: this disk and the directory's disk are 0, and both entry counts agree.
    private static bool IsZipEndRecord(ReadOnlySpan<byte> at) =>
        at.Length >= ZipEndRecordLength
        && at.StartsWith(Signatures.ZipEndOfCentralDirectory)
        && BinaryPrimitives.ReadUInt32LittleEndian(at[4..]) == 0
        && BinaryPrimitives.ReadUInt16LittleEndian(at[8..]) == BinaryPrimitives.ReadUInt16LittleEndian(at[10..]);

    /// <summary>An opening tag, any case, followed by a character that ends a tag name.</summary>
    internal static bool IsTag(ReadOnlySpan<byte> at, ReadOnlySpan<byte> tag) =>
        at.Length > tag.Length
        && Ascii.EqualsIgnoreCase(at[..tag.Length], tag)
        && at[tag.Length] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'>' or (byte)'/';
}
