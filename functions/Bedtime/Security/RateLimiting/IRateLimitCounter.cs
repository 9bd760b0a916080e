using Bedtime.Platform;

namespace Bedtime.Security.RateLimiting;

/// <summary>The shared counters behind the rate limits: one per window, the same for every instance.</summary>
public interface IRateLimitCounter
{
    /// <summary>Adds <paramref name="by"/> to the window's counter atomically and returns the new count.</summary>
    Task<ProviderResult<long>> IncrementAsync(FixedWindow window, int by, CancellationToken cancellationToken);
}
