namespace Bedtime.Uploads.Inspection;

/// <summary>What a text's first 64 KiB say about it: disguised markup to refuse, or Markdown to label as such.</summary>
internal static class MarkupSniff
{
    private static readonly byte[][] HtmlTags =
    [
        "<!doctype html"u8.ToArray(), "<html"u8.ToArray(), "<head"u8.ToArray(), "<body"u8.ToArray(),
        "<script"u8.ToArray(), "<iframe"u8.ToArray(), "<object"u8.ToArray(), "<embed"u8.ToArray(),
    ];

    private static ReadOnlySpan<byte> SvgTag => "<svg"u8;
    private static ReadOnlySpan<byte> XmlDeclaration => "<?xml"u8;

    /// <summary>Why a would-be text is refused (SVG, HTML, XML), or null.</summary>
    public static string? RejectionFor(ReadOnlySpan<byte> head)
    {
        var isXml = false;
        var isHtml = false;
        for (var i = head.IndexOf((byte)'<'); i >= 0; i = NextTag(head, i))
        {
            var at = head[i..];
            if (EmbeddedMarkerScan.IsTag(at, SvgTag))
            {
                return RejectionReasons.Svg; // before HTML: an SVG may carry <script> too
            }

            isXml |= EmbeddedMarkerScan.IsTag(at, XmlDeclaration);
            isHtml |= IsHtmlTag(at);
        }

        return isHtml ? RejectionReasons.Html : isXml ? RejectionReasons.Xml : null;
    }

    /// <summary>
    /// Markdown when it clearly looks like it: an ATX heading ("# Title"), a code fence, a [link](target), or at
    /// least two list items ("- ", "* ", "+ "). Anything else stays text/plain, which is always a safe label.
    /// </summary>
    public static bool LooksLikeMarkdown(ReadOnlySpan<byte> head)
    {
        var listItems = 0;
        foreach (var range in head.Split((byte)'\n'))
        {
            var line = head[range].TrimStart(" "u8);
            if (IsHeading(line) || line.StartsWith("```"u8) || line.StartsWith("~~~"u8) || HasLink(line))
            {
                return true;
            }

            if ((line.StartsWith("- "u8) || line.StartsWith("* "u8) || line.StartsWith("+ "u8)) && ++listItems >= 2)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHtmlTag(ReadOnlySpan<byte> at)
    {
        foreach (var tag in HtmlTags)
        {
            if (EmbeddedMarkerScan.IsTag(at, tag))
            {
                return true;
            }
        }

        return false;
    }

    private static int NextTag(ReadOnlySpan<byte> head, int current)
    {
        var next = head[(current + 1)..].IndexOf((byte)'<');
        return next < 0 ? -1 : current + 1 + next;
    }

    private static bool IsHeading(ReadOnlySpan<byte> line)
    {
        var hashes = line.IndexOfAnyExcept((byte)'#');
        return hashes is >= 1 and <= 6 && line[hashes] is (byte)' ' or (byte)'\t';
    }

    private static bool HasLink(ReadOnlySpan<byte> line)
    {
        var middle = line.IndexOf("]("u8);
        return middle > 0
            && line[..middle].Contains((byte)'[')
            && line[(middle + 2)..].IndexOf((byte)')') > 0;
    }
}
