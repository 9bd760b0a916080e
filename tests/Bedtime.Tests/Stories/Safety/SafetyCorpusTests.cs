using System.Text.RegularExpressions;
using Bedtime.Stories.Safety;
using Xunit.Abstractions;

namespace Bedtime.Tests.Stories.Safety;

/// <summary>
/// The offline checker on a corpus of labelled bedtime-story sentences (safety-corpus.tsv, and safety-holdout.tsv to estimate it honestly): harmful ones of each category,
/// and harmless ones set to trap a word list (a shooting star, a pillow fight, hurting a knee). Its figures are the README's.
/// </summary>
public sealed partial class SafetyCorpusTests(ITestOutputHelper output)
{
    public sealed record Sentence(bool Unsafe, int Age, string Category, string Text);

    public static IReadOnlyList<Sentence> Corpus { get; } = Load("safety-corpus.tsv");

    /// <summary>Written after the rules were tuned on <see cref="Corpus"/>, and never tuned against.</summary>
    public static IReadOnlyList<Sentence> HeldOut { get; } = Load("safety-holdout.tsv");

    [Fact]
    public void The_corpus_holds_at_least_200_labelled_sentences_with_harmful_ones_of_every_category()
    {
        Assert.True(Corpus.Count >= 200, $"{Corpus.Count} sentences");
        foreach (var category in Enum.GetNames<SafetyCategory>())
            Assert.True(Corpus.Count(s => s.Unsafe && s.Category == category) >= 5, category);
    }

    [Fact]
    public void The_offline_checker_finds_at_least_95_percent_of_the_harmful_sentences_at_a_precision_of_at_least_95_percent()
    {
        var offline = Score(s => !OfflineSafetyChecker.Check(s.Text, s.Age).Allowed);
        var words = Score(s => WordList.Blocks(s.Text));
        output.WriteLine($"offline checker: precision {offline.Precision:P1}, recall {offline.Recall:P1} ({offline})");
        output.WriteLine($"word list (the check it replaced): precision {words.Precision:P1}, recall {words.Recall:P1} ({words})");
        foreach (var category in Enum.GetNames<SafetyCategory>())
        {
            var harmful = Corpus.Where(s => s.Unsafe && s.Category == category).ToList();
            output.WriteLine($"  {category}: {harmful.Count(s => !OfflineSafetyChecker.Check(s.Text, s.Age).Allowed)}/{harmful.Count} found");
        }
        foreach (var missed in Corpus.Where(s => s.Unsafe && OfflineSafetyChecker.Check(s.Text, s.Age).Allowed)) output.WriteLine($"  missed: {missed.Text}");
        foreach (var wrong in Corpus.Where(s => !s.Unsafe && !OfflineSafetyChecker.Check(s.Text, s.Age).Allowed))
            output.WriteLine($"  refused: {wrong.Text} ({OfflineSafetyChecker.Check(wrong.Text, wrong.Age).Refusal})");

        Assert.True(offline.Recall >= 0.95, $"recall {offline.Recall:P1}");
        Assert.True(offline.Precision >= 0.95, $"precision {offline.Precision:P1}");
        Assert.True(offline.Recall > words.Recall && offline.Precision > words.Precision, "no better than the word list");
    }

    [Fact]
    public void On_sentences_it_was_not_tuned_on_the_offline_checker_finds_ten_times_what_the_word_list_finds_at_a_precision_of_90_percent()
    {
        var offline = Score(HeldOut, s => !OfflineSafetyChecker.Check(s.Text, s.Age).Allowed);
        var words = Score(HeldOut, s => WordList.Blocks(s.Text));
        output.WriteLine($"held out: offline precision {offline.Precision:P1}, recall {offline.Recall:P1} ({offline}); word list precision {words.Precision:P1}, recall {words.Recall:P1} ({words})");
        foreach (var missed in HeldOut.Where(s => s.Unsafe && OfflineSafetyChecker.Check(s.Text, s.Age).Allowed)) output.WriteLine($"  missed: {missed.Text}");
        foreach (var wrong in HeldOut.Where(s => !s.Unsafe && !OfflineSafetyChecker.Check(s.Text, s.Age).Allowed)) output.WriteLine($"  refused: {wrong.Text}");

        // Guards the figures the README reports (50 % and 90.9 % when written): they are the estimate, not a target.
        Assert.True(offline.Recall >= 10 * words.Recall, $"recall {offline.Recall:P1} vs {words.Recall:P1}");
        Assert.True(offline.Precision >= 0.9, $"precision {offline.Precision:P1}");
    }

    public sealed record Figures(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
    {
        public double Precision => TruePositives / (double)(TruePositives + FalsePositives);
        public double Recall => TruePositives / (double)(TruePositives + FalseNegatives);
    }

    private static Figures Score(Func<Sentence, bool> refuses) => Score(Corpus, refuses);

    private static Figures Score(IReadOnlyList<Sentence> sentences, Func<Sentence, bool> refuses)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var sentence in sentences)
            switch ((sentence.Unsafe, refuses(sentence)))
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (true, false): fn++; break;
                default: tn++; break;
            }
        return new Figures(tp, fp, fn, tn);
    }

    private static List<Sentence> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Stories", "Safety", file);
        return [.. File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).Select(f => new Sentence(f[0] == "unsafe", int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2], f[3]))];
    }

    /// <summary>The word list the offline checker replaced (the former ContentSafety), kept here as the baseline.</summary>
    private static partial class WordList
    {
        private static readonly HashSet<string> Blocked = new(StringComparer.OrdinalIgnoreCase)
        {
            "kill", "killed", "killing", "murder", "murdered", "blood", "bloody", "gore", "gun", "guns", "shoot", "shooting",
            "stab", "stabbed", "knife", "bomb", "terror", "terrorist", "suicide", "torture", "corpse", "dead body", "drugs",
            "cocaine", "heroin", "alcohol", "drunk", "beer", "vodka", "sex", "sexy", "porn", "naked", "nude", "hell", "damn",
            "shit", "fuck", "bitch", "bastard", "crap", "slave", "nazi", "racist", "hate", "horror", "demon", "satan",
            "zombie apocalypse", "war crimes", "abuse", "kidnap", "kidnapped",
        };

        public static bool Blocks(string text)
        {
            var words = Words().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();
            return words.Where((w, i) => Blocked.Contains(w) || (i + 1 < words.Count && Blocked.Contains($"{w} {words[i + 1]}"))).Any();
        }

        [GeneratedRegex(@"[\p{L}']+", RegexOptions.CultureInvariant)]
        private static partial Regex Words();
    }
}
