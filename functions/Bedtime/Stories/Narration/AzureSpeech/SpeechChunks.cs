namespace Bedtime.Stories.Narration.AzureSpeech;

/// <summary>
/// Splits a story into requests of at most <c>max</c> characters of text: whole paragraphs where they fit, long
/// paragraphs cut at sentence ends (or spaces, or anywhere as a last resort).
/// </summary>
internal static class SpeechChunks
{
    public static IReadOnlyList<IReadOnlyList<string>> Split(IEnumerable<string> paragraphs, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        var chunks = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        var length = 0;
        foreach (var piece in paragraphs.SelectMany(p => Pieces(p, max)))
        {
            if (current.Count > 0 && length + piece.Length > max)
            {
                chunks.Add(current);
                current = [];
                length = 0;
            }
            current.Add(piece);
            length += piece.Length;
        }
        if (current.Count > 0) chunks.Add(current);
        return chunks;
    }

    private static IEnumerable<string> Pieces(string paragraph, int max)
    {
        var rest = paragraph.AsMemory().Trim();
        while (rest.Length > max)
        {
            var cut = CutAt(rest.Span[..max]);
            yield return rest[..cut].ToString().Trim();
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) yield return rest.ToString();
    }

    private static int CutAt(ReadOnlySpan<char> window)
    {
        for (var i = window.Length - 1; i > window.Length / 2; i--)
            if (window[i] is '.' or '!' or '?' or '。' or '！' or '？' && (i + 1 == window.Length || char.IsWhiteSpace(window[i + 1]) || window[i] > 0x3000))
                return i + 1;
        var space = window.LastIndexOf(' ');
        if (space > window.Length / 2) return space + 1;
        // Never split a surrogate pair.
        return char.IsHighSurrogate(window[^1]) ? window.Length - 1 : window.Length;
    }
}
