using System.Text.RegularExpressions;

namespace Bedtime.Stories.Safety;

/// <summary>
/// The embedded checker: categories and context rules rather than a word list. Each sentence is read on its own:
/// harmless senses are set aside first (a shooting star, a killer whale, a pillow fight, pulling weeds); a violent verb
/// counts by what it is done to (hitting a ball is play, hitting a boy is not); a negation before it ("nobody was hurt")
/// lowers it; reflexive harm, gore and group hatred are recognised as patterns; spookiness counts only with a scary
/// word. Severities follow Content Safety's scale so the same age thresholds (<see cref="AgeBands"/>) judge both.
/// Its precision and recall on a labelled corpus are in the README (tests/Bedtime.Tests/Stories/Safety).
/// </summary>
public static partial class OfflineSafetyChecker
{
    public static SafetyVerdict Check(string? text, int age) =>
        string.IsNullOrWhiteSpace(text) ? SafetyVerdict.Clean : SafetyVerdict.For(Analyse(text), age);

    /// <summary>Every finding in the text, sentence by sentence.</summary>
    public static IReadOnlyList<SafetyFinding> Analyse(string text)
    {
        var findings = new List<SafetyFinding>();
        foreach (var sentence in Sentences().Split(text))
        {
            var words = Words().Matches(sentence.ToLowerInvariant()).Select(m => m.Value.Replace('’', '\'')).ToArray();
            if (words.Length > 0) findings.AddRange(AnalyseSentence(SafetyLexicon.WithoutHarmlessSenses(words)));
        }
        return findings;
    }

    private static IEnumerable<SafetyFinding> AnalyseSentence(string[] words)
    {
        var joined = " " + string.Join(' ', words) + " ";
        foreach (var pattern in SafetyLexicon.Patterns)
            if (pattern.Regex.Match(joined) is { Success: true } match)
                yield return new SafetyFinding(pattern.Category, pattern.Severity, match.Value.Trim());

        for (var i = 0; i < words.Length; i++)
        {
            foreach (var (phrase, category, severity) in SafetyLexicon.Terms)
            {
                if (!StartsAt(words, i, phrase)) continue;
                var found = severity;
                if (SafetyLexicon.DoneTo.Contains(phrase[0])) found = ByObject(words, i + phrase.Length, severity, SafetyLexicon.OnlyWhenDoneToSomeone.Contains(phrase[0]));
                if (found > 0 && Negated(words, i)) found = Math.Max(0, found - 4);
                if (found > 0 && SafetyLexicon.HarmlessWith.TryGetValue(phrase[0], out var harmless) && words.Any(harmless.Contains)) found = 0;
                if (found > 0 && category == SafetyCategory.Fear) found = Spookiness(words, i, phrase[0], found);
                if (found > 0) yield return new SafetyFinding(category, found, string.Join(' ', phrase));
            }
        }
    }

    private static bool StartsAt(string[] words, int i, string[] phrase)
    {
        if (i + phrase.Length > words.Length) return false;
        for (var k = 0; k < phrase.Length; k++)
            if (words[i + k] != phrase[k]) return false;
        return true;
    }

    /// <summary>A violent verb counts fully when done to someone, not at all when done to a thing played with, and a
    /// little less when the sentence does not say.</summary>
    private static int ByObject(string[] words, int after, int severity, bool onlyToSomeone)
    {
        for (var k = after; k < Math.Min(words.Length, after + 4); k++)
        {
            if (SafetyLexicon.Things.Contains(words[k])) return 0;
            // "hurt her knee": a bump, not an assault.
            if (SafetyLexicon.Possessives.Contains(words[k]) && k + 1 < words.Length && SafetyLexicon.BodyParts.Contains(words[k + 1])) return Math.Min(severity, 2);
            if (SafetyLexicon.Beings.Contains(words[k]) || words[k].EndsWith("'s", StringComparison.Ordinal) && SafetyLexicon.Beings.Contains(words[k][..^2])) return severity;
        }
        return onlyToSomeone ? 0 : Math.Max(0, severity - 2);
    }

    private static bool Negated(string[] words, int i)
    {
        for (var k = Math.Max(0, i - 3); k < i; k++)
            if (SafetyLexicon.Negations.Contains(words[k])) return true;
        return false;
    }

    /// <summary>A ghost or a monster is scary only with scary words around it, and more so with several.</summary>
    private static int Spookiness(string[] words, int i, string term, int severity)
    {
        var scary = 0;
        for (var k = Math.Max(0, i - 5); k < Math.Min(words.Length, i + 8); k++)
            if (SafetyLexicon.ScaryWords.Contains(words[k])) scary++;
        if (SafetyLexicon.AlwaysScary.Contains(term)) return Math.Max(severity, scary >= 2 ? 4 : severity);
        return scary switch { 0 => 0, 1 => severity, _ => Math.Max(severity, 4) };
    }

    [GeneratedRegex(@"(?<=[.!?;:\n])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Sentences();

    [GeneratedRegex(@"[\p{L}\p{N}'’]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
