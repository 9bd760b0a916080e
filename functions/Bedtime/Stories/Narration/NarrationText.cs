using System.Text;
using System.Xml;
using Bedtime.Platform.Text;

namespace Bedtime.Stories.Narration;

/// <summary>
/// What gets read aloud: the title as a segment of its own, then one segment per paragraph; sentences trimmed, empty
/// ones dropped, characters no engine can take removed.
/// </summary>
internal static class NarrationText
{
    /// <param name="paragraph">Null: the title.</param>
    public static IReadOnlyList<string> SegmentSentences(string? title, IReadOnlyList<string> paragraphs, int? paragraph) =>
        paragraph is { } index
            ? SentenceSplitter.Split(Clean(paragraphs[index]).ReplaceLineEndings(" "))
            : Clean(title) is { Length: > 0 } heading ? [heading] : [];

    /// <summary>Keeps characters valid in XML 1.0 (also fine for espeak-ng), turning other control characters into spaces.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c is '\n' or '\r' or '\t' || (!char.IsSurrogate(c) && !char.IsControl(c) && XmlConvert.IsXmlChar(c)))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(' ');
            }
        }
        return builder.ToString().Trim();
    }
}
