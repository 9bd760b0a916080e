namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// SplitMix64: tiny, fast and fully specified, so a brief gives the same story on every .NET version
/// (System.Random's sequence carries no such promise).
/// </summary>
internal sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, maxExclusive); the modulo bias is negligible for the small ranges used here.</summary>
    public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// Mixes the parent's seed with the brief's own words (FNV-1a, not string.GetHashCode, which changes per
    /// process), so two children with the same seed still get different stories.
    /// </summary>
    public static SeededRandom For(StoryBrief brief)
    {
        var hash = 14695981039346656037UL;
        Mix(ref hash, brief.ChildName);
        Mix(ref hash, brief.Theme);
        Mix(ref hash, brief.Setting);
        Mix(ref hash, brief.Moral);
        Mix(ref hash, ((int)brief.Length).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Mix(ref hash, brief.Age.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new SeededRandom(hash ^ ((ulong)(uint)brief.Seed * 0x9E3779B97F4A7C15UL));
    }

    private static void Mix(ref ulong hash, string? text)
    {
        foreach (var c in text ?? "")
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        hash ^= 0xFF; // field separator, so ("ab", "c") and ("a", "bc") differ
        hash *= 1099511628211UL;
    }
}

/// <summary>Hands out items in a seeded order without repeats, so no sentence is told twice in one story.</summary>
internal sealed class Deck<T>
{
    private readonly T[] _items;
    private int _next;

    public Deck(IEnumerable<T> items, SeededRandom random)
    {
        _items = [.. items];
        random.Shuffle(_items);
    }

    public bool TryDraw(out T item)
    {
        if (_next < _items.Length)
        {
            item = _items[_next++];
            return true;
        }
        item = default!;
        return false;
    }

    /// <summary>The next item, starting over when all have been used (for short connective lines only).</summary>
    public T Draw() => _items[_next++ % _items.Length];
}
