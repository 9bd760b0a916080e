using System.ComponentModel.DataAnnotations;

namespace Bedtime.Security.RateLimiting;

/// <summary>One fixed-window limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; }

    /// <summary>Whole seconds; windows are aligned to the Unix epoch so every instance agrees on them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "31.00:00:00")]
    public TimeSpan Window { get; set; }
}

public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    public RateLimitRule General { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(15) };
    public RateLimitRule StoriesPerMinute { get; set; } = new() { PermitLimit = 3, Window = TimeSpan.FromMinutes(1) };
    public RateLimitRule StoriesPerDay { get; set; } = new() { PermitLimit = 50, Window = TimeSpan.FromDays(1) };
    public RateLimitRule Uploads { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };
    public RateLimitRule Exports { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromHours(1) };

    /// <summary>
    /// Take an anonymous caller's address from the last <c>X-Forwarded-For</c> entry. Only behind a proxy that sets
    /// it: otherwise any client could pick its own address. (In Azure the Functions host already applies it.)
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>How long one counter update may take before the store counts as unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many store calls in a row must fail before the instance stops asking the store for <see cref="StoreBackoff"/>.</summary>
    [Range(1, 100)]
    public int StoreFailuresBeforeBackoff { get; set; } = 3;

    /// <summary>After the store failed repeatedly, how long it is not asked (and the Retry-After of a fail-closed 503).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StoreBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most exhausted windows one instance remembers; beyond it, requests simply ask the store.</summary>
    [Range(100, 10_000_000)]
    public int LocalCapacity { get; set; } = 100_000;

    /// <summary>The limits of a policy, in the order they are counted (the shortest window first).</summary>
    public IReadOnlyList<(string Name, RateLimitRule Rule)> RulesFor(RateLimitPolicy policy) => policy switch
    {
        // The burst limit first: a refused burst must not use up the daily allowance.
        RateLimitPolicy.StoryCreation => [(nameof(StoriesPerMinute), StoriesPerMinute), (nameof(StoriesPerDay), StoriesPerDay)],
        RateLimitPolicy.Uploads => [(nameof(Uploads), Uploads)],
        RateLimitPolicy.Exports => [(nameof(Exports), Exports)],
        _ => [(nameof(General), General)],
    };

    /// <summary>Every limit by its name (the name is part of the stored window's partition, <see cref="FixedWindow"/>).</summary>
    public IReadOnlyList<(string Name, RateLimitRule Rule)> All =>
        [(nameof(General), General), (nameof(StoriesPerMinute), StoriesPerMinute), (nameof(StoriesPerDay), StoriesPerDay), (nameof(Uploads), Uploads), (nameof(Exports), Exports)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, rule) in All)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(rule, new ValidationContext(rule), results, validateAllProperties: true);
            foreach (var result in results)
                yield return new ValidationResult($"{Section}:{name}: {result.ErrorMessage}", [name]);
            if (rule.Window.Ticks % TimeSpan.TicksPerSecond != 0)
                yield return new ValidationResult($"{Section}:{name}:Window must be whole seconds.", [name]);
        }
    }
}
