using System.Text;
using System.Text.RegularExpressions;

namespace Bedtime.Uploads.Analysis;

/// <summary>
/// Turns an uploaded text (plain or Markdown) into clean prose for stories and summaries: no BOM, LF line ends,
/// no control characters but newline and tab, Markdown markers stripped (headings, lists, quotes, fences,
/// emphasis, links keep their text), single spaces, and at most one blank line in a row.
/// </summary>
internal static partial class TextNormaliser
{
    public static string Normalise(string raw)
    {
        var cleaned = DropControlCharacters(raw.TrimStart('\uFEFF').ReplaceLineEndings("\n"));
        var lines = new List<string>();
        foreach (var line in cleaned.Split('\n'))
        {
            if (CodeFence().IsMatch(line) || Rule().IsMatch(line))
            {
                lines.Add(string.Empty);
                continue;
            }

            lines.Add(LinePrefix().Replace(line, string.Empty));
        }

        // Inline markup on the whole text (a link's text may wrap onto the next line), then the spacing.
        var text = Spaces().Replace(StripInline(string.Join('\n', lines)), " ");
        return BlankLines().Replace(LineEdges().Replace(text, "\n"), "\n\n").Trim();
    }

    private static string DropControlCharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string StripInline(string text)
    {
        text = Image().Replace(text, "$1");
        text = Link().Replace(text, "$1");
        text = Autolink().Replace(text, "$1");
        text = HtmlTag().Replace(text, string.Empty);
        text = Code().Replace(text, "$1");
        text = Strong().Replace(text, "$2");
        text = StarEmphasis().Replace(text, "$1");
        text = UnderscoreEmphasis().Replace(text, "$1");
        text = Strikethrough().Replace(text, "$1");
        return Escape().Replace(text, "$1");
    }

    [GeneratedRegex(@"^\s*(```|~~~)")]
    private static partial Regex CodeFence();

    // Thematic breaks (---, ***, ___) and setext heading underlines (===, ---).
    [GeneratedRegex(@"^\s{0,3}(([-*_])(\s*\2){2,}|=+)\s*$")]
    private static partial Regex Rule();

    // Block quotes, then a heading or a list marker (bulleted, numbered, with a task box).
    [GeneratedRegex(@"^\s*(?:>\s?)*(?:#{1,6}\s+|(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)?")]
    private static partial Regex LinePrefix();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)\n]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)\n]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"<((?:https?|mailto):[^>\s]+)>")]
    private static partial Regex Autolink();

    [GeneratedRegex(@"</?[A-Za-z][^>\n]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"\*(?=\S)(.+?)(?<=\S)\*")]
    private static partial Regex StarEmphasis();

    // Underscores only at word edges, so snake_case names survive.
    [GeneratedRegex(@"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")]
    private static partial Regex UnderscoreEmphasis();

    [GeneratedRegex(@"~~(?=\S)(.+?)(?<=\S)~~")]
    private static partial Regex Strikethrough();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|>])")]
    private static partial Regex Escape();

    [GeneratedRegex(@" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[ \t]*\n[ \t]*")]
    private static partial Regex LineEdges();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
