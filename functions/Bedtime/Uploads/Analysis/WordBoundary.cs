namespace Bedtime.Uploads.Analysis;

internal static class WordBoundary
{
    /// <summary>
    /// The text cut to at most <paramref name="maxLength"/> characters, at the last space or line break when there is one in the
    /// second half (otherwise mid-word), never between the halves of a surrogate pair.
    /// </summary>
    public static string Cut(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var space = text.LastIndexOfAny([' ', '\n'], maxLength);
        var kept = space > maxLength / 2 ? text[..space] : text[..maxLength];
        if (char.IsHighSurrogate(kept[^1]))
        {
            kept = kept[..^1];
        }

        return kept.TrimEnd(' ', ',', ';', ':', '\n', '\t');
    }
}
