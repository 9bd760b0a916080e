using System.Text.Json.Serialization;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// The lesson a story builds to. The resolution shows the child doing it (that is what finally fixes the problem),
/// the companion names it, and the last lines state the moral: the parent's words when given, else our own.
/// </summary>
internal sealed record Virtue(
    string Key, string[] Keywords, Passage Resolution, Passage Praise, Passage DefaultMoral, string Hint);

/// <summary><c>Prose/virtues.json</c>: the virtues in order of precedence.</summary>
internal sealed record VirtueFile([property: JsonPropertyName("$schema")] string? Schema, Virtue[] Virtues);

internal static class Virtues
{
    /// <summary>Told when the parent's moral speaks of no known virtue: it is the moral itself that helps.</summary>
    public const string FallbackKey = "wisdom";

    public static IReadOnlyList<Virtue> All { get; } = ProseFiles.Load<VirtueFile>("virtues.json").Virtues;

    public static Virtue Fallback { get; } = ByKey(FallbackKey);

    public static Virtue ByKey(string key) =>
        All.FirstOrDefault(v => v.Key == key) ?? throw new InvalidOperationException($"No virtue '{key}' in virtues.json.");

    /// <summary>
    /// The virtue whose words the moral uses most; <see cref="Fallback"/> when none match. Phrases ("give up") count
    /// double, so "never give up" is about perseverance, not about giving.
    /// </summary>
    public static Virtue Match(string moral)
    {
        var words = ThemeWords.Split(moral);
        var phrase = " " + string.Join(' ', words) + " ";
        var best = Fallback;
        var bestScore = 0;
        foreach (var virtue in All)
        {
            var score = words.Count(w => ThemeWords.Matches(w, virtue.Keywords));
            foreach (var keyword in virtue.Keywords)
                if (keyword.Contains(' ') && phrase.Contains($" {keyword} ", StringComparison.Ordinal))
                    score += 2;
            if (score > bestScore)
                (best, bestScore) = (virtue, score);
        }
        return best;
    }
}
