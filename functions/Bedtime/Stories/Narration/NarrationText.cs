using System.Text;
using System.Xml;

namespace Bedtime.Stories.Narration;

/// <summary>What gets read aloud: the title, then each paragraph; trimmed, empty parts dropped, characters no engine can take removed.</summary>
internal static class NarrationText
{
    public static IReadOnlyList<string> Parts(NarrationInput input) =>
        new[] { input.Title }.Concat(input.Paragraphs)
            .Select(Clean)
            .Where(p => p.Length > 0)
            .ToArray();

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
