using System.Text;

namespace Bedtime.Platform.Text;

/// <summary>
/// Splits normalised text into sentences: at . ! ? … followed by a space (not after a few common abbreviations),
/// and at line breaks — except where a hard-wrapped line simply continues: the previous line doesn't end a clause,
/// and either the next one starts in lower case or the previous one is as long as wrapped prose lines are.
/// </summary>
internal static class SentenceSplitter
{
    private const int WrappedLineLength = 50;

    private static readonly string[] Abbreviations = ["mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "etc.", "e.g.", "i.e."];

    public static IReadOnlyList<string> Split(string text)
    {
        var sentences = new List<string>();
        foreach (var block in JoinWrappedLines(text))
        {
            var current = new StringBuilder();
            for (var i = 0; i < block.Length; i++)
            {
                current.Append(block[i]);
                if (block[i] is '.' or '!' or '?' or '…' && EndsSentence(block, i, current))
                {
                    // Closing quotes and brackets belong to the sentence they end.
                    while (i + 1 < block.Length && block[i + 1] is '"' or '\'' or '”' or '’' or ')' or ']' or '.' or '!' or '?')
                    {
                        current.Append(block[++i]);
                    }

                    Add(sentences, current);
                }
            }

            Add(sentences, current);
        }

        return sentences;
    }

    private static IEnumerable<string> JoinWrappedLines(string text)
    {
        var block = new StringBuilder();
        var previousLength = 0;
        foreach (var line in text.Split('\n'))
        {
            var continues = block.Length > 0 && line.Length > 0
                && block[^1] is not ('.' or '!' or '?' or '…' or ':' or ';')
                && (char.IsLower(line[0]) || previousLength >= WrappedLineLength);
            previousLength = line.Length;
            if (!continues && block.Length > 0)
            {
                yield return block.ToString();
                block.Clear();
            }

            if (continues)
            {
                block.Append(' ');
            }

            block.Append(line.Trim());
        }

        if (block.Length > 0)
        {
            yield return block.ToString();
        }
    }

    private static bool EndsSentence(string block, int i, StringBuilder current)
    {
        var atEnd = i + 1 >= block.Length || char.IsWhiteSpace(block[i + 1])
            || (i + 2 < block.Length && block[i + 1] is '"' or '\'' or '”' or '’' or ')' && char.IsWhiteSpace(block[i + 2]));
        if (!atEnd || block[i] != '.')
        {
            return atEnd;
        }

        var lastWord = current.ToString();
        var space = lastWord.LastIndexOf(' ');
        var word = lastWord[(space + 1)..].ToLowerInvariant();
        return !Abbreviations.Contains(word);
    }

    private static void Add(List<string> sentences, StringBuilder current)
    {
        var sentence = current.ToString().Trim();
        if (sentence.Any(char.IsLetterOrDigit))
        {
            sentences.Add(sentence);
        }

        current.Clear();
    }
}
