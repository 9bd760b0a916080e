using System.Collections.Concurrent;

namespace Bedtime.Security.RateLimiting;

/// <summary>
/// The in-memory first layer: windows this instance has seen used up in the shared store. Counts only grow within a
/// window (but for the refund of a request the app refused as the client's mistake, which forgets the window here), so
/// such a window stays exhausted until it ends and a flood is refused without a store call. It never admits anything
/// on its own, so it cannot let the instances together exceed a limit.
/// </summary>
public sealed class ExhaustedWindows(int capacity)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public int Count => _until.Count;

    public bool Contains(FixedWindow window, DateTimeOffset now)
    {
        if (!_until.TryGetValue(window.Key, out var end)) return false;
        if (end > now) return true;
        _until.TryRemove(window.Key, out _);
        return false;
    }

    public void Forget(FixedWindow window) => _until.TryRemove(window.Key, out _);

    public void Add(FixedWindow window, DateTimeOffset now)
    {
        if (_until.Count >= capacity)
            foreach (var (key, end) in _until)
                if (end <= now) _until.TryRemove(key, out _);
        // Still full of live windows (a flood from many subjects): forget nothing, remember nothing new; the store decides.
        if (_until.Count < capacity) _until[window.Key] = window.End;
    }
}
