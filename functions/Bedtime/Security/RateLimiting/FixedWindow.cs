namespace Bedtime.Security.RateLimiting;

/// <summary>
/// The current window of one limit for one subject. Windows start at multiples of their length since the Unix
/// epoch, so every instance names the same window the same way: partition <c>rl:&lt;rule&gt;:&lt;subject&gt;</c>, id
/// <c>w&lt;start&gt;</c>.
/// </summary>
public readonly record struct FixedWindow(string Rule, string Partition, string Id, int Limit, DateTimeOffset End, TimeSpan Length)
{
    public static FixedWindow At(string rule, RateLimitRule settings, string subject, DateTimeOffset now)
    {
        var seconds = (long)settings.Window.TotalSeconds;
        var start = now.ToUnixTimeSeconds() / seconds * seconds;
        return new FixedWindow(rule, PartitionOf(rule, subject), $"w{start}", settings.PermitLimit,
            DateTimeOffset.FromUnixTimeSeconds(start + seconds), settings.Window);
    }

    /// <summary>Where every window of one limit for one subject is stored.</summary>
    public static string PartitionOf(string rule, string subject) => $"{PartitionPrefix}{rule}:{subject}";

    public const string PartitionPrefix = "rl:";

    public string Key => Partition + "/" + Id;

    /// <summary>Whole seconds until the window ends, at least 1 (the value of Retry-After and RateLimit-Reset).</summary>
    public int SecondsLeft(DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((End - now).TotalSeconds));
}
