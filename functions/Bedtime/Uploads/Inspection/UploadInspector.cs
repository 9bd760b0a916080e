using Bedtime.Uploads.Formats;
using Bedtime.Uploads.Inspection.Walkers;

namespace Bedtime.Uploads.Inspection;

/// <summary>
/// Judges an upload by its content as it streams past, in bounded memory: it keeps the first 64 KiB (to recognise
/// the format and sniff text) and otherwise only small incremental state — a structure walker for images and audio,
/// a UTF-8 validator, and a scan for other formats' markers hidden inside (polyglots).
/// </summary>
public sealed class UploadInspector : IUploadInspector
{
    private const int HeadCapacity = 64 * 1024;

    // A PDF reader finds "%PDF-" anywhere in the first 1024 bytes; in a text, later mentions are harmless.
    private const int PdfHeaderWindow = 1024;

    private readonly byte[] _head = new byte[HeadCapacity];
    private readonly TextScan _text = new();
    private readonly EmbeddedMarkerScan _markers = new();
    private int _headLength;
    private long _length;
    private bool _identified;
    private MediaFormat? _format;
    private StructureWalker? _walker;
    private InspectionVerdict? _verdict;

    private ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    /// <summary>Inspects a whole upload at once (tests, small files).</summary>
    public static InspectionVerdict Inspect(ReadOnlySpan<byte> whole)
    {
        var inspector = new UploadInspector();
        inspector.Append(whole);
        return inspector.Complete();
    }

    /// <summary>
    /// Whether the type the client declared matches what the content is. Parameters (charset…) and common aliases
    /// (image/jpg, audio/mp3, audio/x-wav…) are normalised; text/plain and text/markdown stand in for each other; no
    /// declared type, or application/octet-stream, agrees with anything accepted.
    /// </summary>
    public static bool Agrees(string? declaredContentType, InspectionVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var declared = MediaTypes.Normalise(declaredContentType);
        if (declared is null or MediaTypes.OctetStream)
        {
            return true;
        }

        var sniffed = MediaTypes.Normalise(verdict.ContentType);
        return verdict.Accepted && (declared == sniffed || (MediaTypes.IsText(declared) && MediaTypes.IsText(sniffed)));
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_verdict is not null)
        {
            throw new InvalidOperationException("The inspector has already given its verdict.");
        }

        if (chunk.IsEmpty)
        {
            return;
        }

        _text.Feed(chunk);
        _markers.Feed(chunk);
        _length += chunk.Length;
        var intoHead = Math.Min(chunk.Length, HeadCapacity - _headLength);
        chunk[..intoHead].CopyTo(_head.AsSpan(_headLength));
        _headLength += intoHead;

        if (_identified)
        {
            _walker?.Feed(chunk);
        }
        else if (_headLength >= MediaFormat.IdentifyingLength)
        {
            // Until now everything seen is in the head; the walker catches up from there.
            Identify();
            _walker?.Feed(chunk[intoHead..]);
        }
    }

    public InspectionVerdict Complete() => _verdict ??= Decide();

    private void Identify()
    {
        _identified = true;
        _format = MediaFormat.Identify(Head);
        _walker = _format?.CreateWalker();
        _walker?.Feed(Head);
    }

    private InspectionVerdict Decide()
    {
        _text.Finish();
        _markers.Finish();
        if (_length == 0)
        {
            return InspectionVerdict.Reject(RejectionReasons.Empty);
        }

        if (!_identified)
        {
            Identify();
        }

        if (ForeignFormat(Head) is { } foreign)
        {
            return InspectionVerdict.Reject(foreign);
        }

        return _format is not null && _walker is not null ? JudgeMedia(_format, _walker) : JudgeText();
    }

    private InspectionVerdict JudgeMedia(MediaFormat format, StructureWalker walker)
    {
        var hidden = _markers.HasEmbeddedZip ? "a ZIP archive"
            : _markers.MarkupAt is not null ? "HTML or script tags"
            : _markers.PdfHeaderAt is not null ? "a PDF document"
            : null;
        if (hidden is not null)
        {
            return InspectionVerdict.Reject(RejectionReasons.Polyglot(format.Name, hidden));
        }

        return walker.Finish() is { } problem
            ? InspectionVerdict.Reject(problem)
            : InspectionVerdict.Accept(format.Kind, format.ContentType, walker.Measurements);
    }

    private InspectionVerdict JudgeText()
    {
        var head = Head;
        if (!_text.IsClean)
        {
            return InspectionVerdict.Reject(
                !TextEncoding.LooksLikeText(head) ? RejectionReasons.Unknown
                : _text.HasNul ? RejectionReasons.Nul
                : !_text.ValidUtf8 ? RejectionReasons.InvalidUtf8
                : RejectionReasons.ControlCharacters);
        }

        var body = head.StartsWith(Signatures.Utf8Bom) ? head[Signatures.Utf8Bom.Length..] : head;
        if (MarkupSniff.RejectionFor(body) is { } markup)
        {
            return InspectionVerdict.Reject(markup);
        }

        if (_markers.MarkupAt is not null)
        {
            return InspectionVerdict.Reject(RejectionReasons.Html);
        }

        if (_markers.PdfHeaderAt < PdfHeaderWindow)
        {
            return InspectionVerdict.Reject(RejectionReasons.Polyglot("text", "a PDF document"));
        }

        return InspectionVerdict.Accept(UploadKind.Text, MarkupSniff.LooksLikeMarkdown(body) ? MediaTypes.Markdown : MediaTypes.PlainText);
    }

    /// <summary>The reason to refuse a format recognised by its first bytes (executables, archives, documents…), or null.</summary>
    private static string? ForeignFormat(ReadOnlySpan<byte> head)
    {
        // Real executables have NULs in their 64-byte DOS header; a text may just start with "MZ".
        if (head.StartsWith(Signatures.DosExecutable) && head[..Math.Min(head.Length, 64)].Contains((byte)0))
        {
            return RejectionReasons.WindowsExecutable;
        }

        foreach (var signature in Signatures.Foreign)
        {
            if (head.Length >= signature.Offset + signature.Magic.Length && head[signature.Offset..].StartsWith(signature.Magic))
            {
                return signature.Reason;
            }
        }

        return TextEncoding.IsUtf16(head) ? RejectionReasons.Utf16 : null;
    }
}
