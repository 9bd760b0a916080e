using System.Collections.Concurrent;

namespace Bedtime.Security.RateLimiting;

/// <summary>
/// Permits this instance has already taken from a shared window counter but not used yet. For generous limits the
/// limiter takes them in batches, so a steady stream of requests costs one store write per batch instead of one per
/// request. Exact across instances: a batch is granted only up to what the atomic counter says is left, so the
/// permits of all instances together never exceed the limit (unused ones lapse with their window).
/// </summary>
internal sealed class LocalPermits(int capacity)
{
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);

    /// <summary>How many permits to take from the store at once: one for tight limits, so every request counts there.</summary>
    public static int BatchFor(int limit) => limit >= 100 ? Math.Max(1, limit / 30) : 1;

    /// <summary>
    /// Takes a permit held locally for the window, if any; <paramref name="left"/> is what the window has left for the
    /// subject: what the store had not yet handed out when the batch was taken, plus the permits still held here.
    /// </summary>
    public bool TryTake(FixedWindow window, out int left)
    {
        left = 0;
        if (!_grants.TryGetValue(window.Key, out var grant)) return false;
        var held = Interlocked.Decrement(ref grant.Remaining);
        if (held < 0) return false;
        left = grant.StoreLeft + held;
        return true;
    }

    /// <summary>Keeps permits granted by the store beyond the one being used now; <paramref name="storeLeft"/> is what the store still has.</summary>
    public void Hold(FixedWindow window, int permits, int storeLeft, DateTimeOffset now)
    {
        if (permits <= 0) return;
        if (_grants.Count >= capacity) Prune(now);
        _grants[window.Key] = new Grant(window.End, storeLeft) { Remaining = permits };
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, grant) in _grants)
            if (grant.End <= now || Volatile.Read(ref grant.Remaining) <= 0) _grants.TryRemove(key, out _);
    }

    private sealed class Grant(DateTimeOffset end, int storeLeft)
    {
        public int Remaining;
        public DateTimeOffset End { get; } = end;
        public int StoreLeft { get; } = storeLeft;
    }
}
