using Bedtime.Platform;

namespace Bedtime.Security.RateLimiting;

/// <summary>The shared counters behind the rate limits: one per window, the same for every instance.</summary>
public interface IRateLimitCounter
{
    /// <summary>Adds one to the window's counter atomically and returns the new count (1 for a new window).</summary>
    Task<ProviderResult<long>> IncrementAsync(FixedWindow window, CancellationToken cancellationToken);
}
