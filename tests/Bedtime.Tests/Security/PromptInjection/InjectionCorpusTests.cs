using Bedtime.Security.PromptInjection;
using Xunit.Abstractions;

namespace Bedtime.Tests.Security.PromptInjection;

/// <summary>
/// The instruction stripper on uploaded texts with instructions hidden in them (injection-corpus.tsv: direct, disguised by
/// look-alike letters, hidden characters, spacing, markup, other languages) and on harmless texts set to trap it
/// ("pretend to be pirates", "the rules of hide and seek"). Its figures are the README's.
/// </summary>
public sealed class InjectionCorpusTests(ITestOutputHelper output)
{
    public sealed record Sample(bool Attack, string Technique, string Marker, string Text);

    public static IReadOnlyList<Sample> Corpus { get; } = Load("injection-corpus.tsv");

    /// <summary>Written after the stripper was tuned on <see cref="Corpus"/>, and never tuned against.</summary>
    public static IReadOnlyList<Sample> HeldOut { get; } = Load("injection-holdout.tsv");

    [Fact]
    public void The_corpus_holds_at_least_50_attacks_of_at_least_10_techniques_and_30_harmless_texts()
    {
        Assert.True(Corpus.Count(s => s.Attack) >= 50);
        Assert.True(Corpus.Where(s => s.Attack).Select(s => s.Technique).Distinct().Count() >= 10);
        Assert.True(Corpus.Count(s => !s.Attack) >= 30);
    }

    [Fact]
    public void No_hidden_instruction_in_the_corpus_gets_through_and_every_harmless_text_keeps_its_words()
    {
        var (through, lost) = Run(Corpus, "corpus");

        Assert.Empty(through);
        Assert.Empty(lost);
    }

    [Fact]
    public void On_texts_it_was_not_tuned_on_the_stripper_stops_more_than_half_the_attacks_and_keeps_nine_in_ten_harmless_texts()
    {
        var (through, lost) = Run(HeldOut, "held out");

        // Guards the figures the README reports (14 of 25 stopped, 14 of 15 kept when written): the estimate, not a target.
        Assert.True(through.Count * 2 < HeldOut.Count(s => s.Attack), $"{through.Count} got through");
        Assert.True(lost.Count * 10 <= HeldOut.Count(s => !s.Attack), $"{lost.Count} lost");
    }

    private (List<Sample> Through, List<Sample> Lost) Run(IReadOnlyList<Sample> samples, string name)
    {
        var through = samples.Where(s => s.Attack && Survives(s)).ToList();
        var lost = samples.Where(s => !s.Attack && !Survives(s)).ToList();
        output.WriteLine($"{name}: {samples.Count(s => s.Attack) - through.Count}/{samples.Count(s => s.Attack)} attacks stopped, " +
                         $"{samples.Count(s => !s.Attack) - lost.Count}/{samples.Count(s => !s.Attack)} harmless texts kept whole");
        foreach (var s in through) output.WriteLine($"  got through ({s.Technique}): {InstructionStripper.Strip(s.Text).Text}");
        foreach (var s in lost) output.WriteLine($"  lost ({s.Technique}): {s.Text} → {InstructionStripper.Strip(s.Text).Text}");
        return (through, lost);
    }

    /// <summary>Compared folded, so an instruction that survives in look-alike letters or spelled out still counts as surviving.</summary>
    private static bool Survives(Sample sample) =>
        InstructionStripper.Fold(InstructionStripper.Strip(sample.Text).Text).Contains(InstructionStripper.Fold(sample.Marker), StringComparison.Ordinal);

    private static List<Sample> Load(string file) =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Security", "PromptInjection", file))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new Sample(f[0] == "attack", f[1], f[2], f[3].Replace("\\n", "\n", StringComparison.Ordinal)))];
}
