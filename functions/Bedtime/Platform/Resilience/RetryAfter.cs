using System.Globalization;

namespace Bedtime.Platform.Resilience;

/// <summary>Reads how long a provider asked us to wait: <c>retry-after-ms</c> (Azure), else <c>Retry-After</c> (seconds or an HTTP date).</summary>
public static class RetryAfter
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public static TimeSpan? Parse(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms) && ms < Longest.TotalMilliseconds)
            return TimeSpan.FromMilliseconds(ms);
        var value = retryAfter?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return seconds < Longest.TotalSeconds ? TimeSpan.FromSeconds(seconds) : Longest;
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            return date <= now ? TimeSpan.Zero : date - now;
        return null;
    }
}
