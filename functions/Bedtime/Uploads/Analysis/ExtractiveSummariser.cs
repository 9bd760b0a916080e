using System.Text;
using Bedtime.Platform.Text;

namespace Bedtime.Uploads.Analysis;

/// <summary>
/// A short extractive summary: the text's sentences scored by how many of its frequent content words they carry
/// (lower-cased words of three or more letters, common English words ignored), the best two or three kept in
/// their original order, within a length limit.
/// </summary>
internal static class ExtractiveSummariser
{
    private const int SentencesWanted = 3;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "his", "has", "have", "him", "she", "they", "them", "their", "there", "then", "than", "this", "that", "these",
        "those", "with", "from", "into", "onto", "over", "under", "very", "what", "when", "where", "which", "while",
        "who", "whom", "why", "how", "will", "would", "could", "should", "shall", "may", "might", "must", "been",
        "being", "were", "its", "it's", "also", "just", "only", "some", "such", "too", "more", "most", "other",
        "each", "every", "about", "after", "before", "again", "once", "here", "your", "yours", "ours", "hers",
        "did", "does", "doing", "done", "got", "get", "gets", "let", "lets", "like", "now", "off", "own", "same",
        "so", "upon", "because", "until", "through", "during", "above", "below", "between", "both", "few", "nor",
        "said", "says", "say", "went", "go", "goes", "come", "came", "don", "didn", "doesn", "isn", "wasn", "aren",
    };

    public static string Summarise(string text, int maxLength)
    {
        var sentences = SentenceSplitter.Split(text);
        if (sentences.Count == 0)
        {
            return string.Empty;
        }

        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        var sentenceWords = sentences.Select(ContentWords).ToList();
        foreach (var word in sentenceWords.SelectMany(words => words))
        {
            frequencies[word] = frequencies.GetValueOrDefault(word) + 1;
        }

        // Distinct content words weighted by frequency, damped by length so long sentences don't win by size alone.
        // Prose is preferred over fragments such as headings, URLs and code, when there is any.
        var candidates = Enumerable.Range(0, sentences.Count).Where(i => IsProse(sentences[i])).ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. Enumerable.Range(0, sentences.Count)];
        }

        var ranked = candidates
            .Select(index => (Index: index, Score: sentenceWords[index].Distinct().Sum(word => frequencies[word])
                / Math.Sqrt(Math.Max(1, CountWords(sentences[index])))))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Index)
            .Take(SentencesWanted)
            .ToList();

        // Drop the weakest until the rest fit; a lone sentence that is still too long is cut at a word.
        while (ranked.Count > 1 && Join(sentences, ranked).Length > maxLength)
        {
            ranked.RemoveAt(ranked.Count - 1);
        }

        return Shorten(Join(sentences, ranked), maxLength);
    }

    /// <summary>The text within <paramref name="maxLength"/> characters, cut at a word and marked "…" when cut.</summary>
    public static string Shorten(string text, int maxLength) =>
        text.Length <= maxLength ? text : WordBoundary.Cut(text, maxLength - 1) + "…";

    private static string Join(IReadOnlyList<string> sentences, IEnumerable<(int Index, double Score)> chosen) =>
        string.Join(' ', chosen.OrderBy(s => s.Index).Select(s => sentences[s.Index]));

    private static List<string> ContentWords(string sentence)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in sentence.Append(' '))
        {
            if (char.IsLetter(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length >= 3 && !StopWords.Contains(word.ToString()))
            {
                words.Add(word.ToString());
            }

            word.Clear();
        }

        return words;
    }

    private static bool IsProse(string sentence) =>
        CountWords(sentence) >= 4 && sentence.Count(c => char.IsLetter(c) || c == ' ') >= sentence.Length * 0.8;

    private static int CountWords(string sentence) =>
        sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
