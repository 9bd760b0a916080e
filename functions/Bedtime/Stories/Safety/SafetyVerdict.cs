namespace Bedtime.Stories.Safety;

/// <summary>What a text can hold that a child must not hear. The first four are Azure AI Content Safety's categories.</summary>
public enum SafetyCategory { Hate, SelfHarm, Sexual, Violence, Substances, Profanity, Fear }

/// <summary>One problem found: its category, a severity on Content Safety's scale (0, 2, 4, 6) and the words that showed it.</summary>
public sealed record SafetyFinding(SafetyCategory Category, int Severity, string Evidence);

/// <summary>The outcome of a check for a child of a given age: refused when any finding is above that age's threshold.</summary>
public sealed record SafetyVerdict(IReadOnlyList<SafetyFinding> Findings, SafetyFinding? Refusal)
{
    public static readonly SafetyVerdict Clean = new([], null);

    public bool Allowed => Refusal is null;

    public static SafetyVerdict For(IReadOnlyList<SafetyFinding> findings, int age) =>
        new(findings, findings.Where(f => f.Severity > AgeBands.MaxSeverity(f.Category, age)).MaxBy(f => f.Severity));

    public SafetyVerdict Merge(SafetyVerdict other) =>
        Allowed ? (other.Allowed ? new([.. Findings, .. other.Findings], null) : other) : this;
}

/// <summary>
/// The highest severity each category may reach in a story for a child of a given age. Only the mild, resolved peril of
/// fairy tales (a knight fights a dragon, a wolf chases pigs) and a little spookiness are ever allowed, and not for the
/// youngest; nothing sexual, hateful, self-harming, about drugs or drink, or swearing, at any age.
/// </summary>
public static class AgeBands
{
    /// <summary>The youngest child a story is written for (<see cref="StoryRequest.Age"/>): the strictest band.</summary>
    public const int Youngest = 1;

    public static int MaxSeverity(SafetyCategory category, int age) => category switch
    {
        SafetyCategory.Violence => age <= 4 ? 0 : 2,
        SafetyCategory.Fear => age <= 5 ? 0 : 2,
        _ => 0,
    };

    /// <summary>Content Safety's name for an age band, as settings and logs show it.</summary>
    public static string Of(int age) => age <= 4 ? "toddler" : age <= 7 ? "young" : "older";
}

/// <summary>Checks a text meant for a child. Expected outcomes are values; a provider failure is a <see cref="ProviderResult{T}"/>.</summary>
public interface ISafetyChecker
{
    string Name { get; }
    Task<Platform.ProviderResult<SafetyVerdict>> CheckAsync(string text, int age, CancellationToken cancellationToken);
}
