using System.Collections.Frozen;
using System.Text;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// Fills <c>{slot}</c> placeholders in the generator's own templates. Values are inserted as plain text and never
/// scanned again, so words from the parent cannot act as placeholders. <c>{Slot}</c> capitalises the value's first
/// letter, for slots that open a sentence.
/// </summary>
internal sealed class Slots
{
    /// <summary>Every slot the composer fills; the prose files may use no other (a test checks them all).</summary>
    public static readonly FrozenSet<string> Known = FrozenSet.Create(StringComparer.Ordinal,
    [
        "Name", "they", "them", "their", "theme", "themeTitle", "setting", "titleWord", "exclaim", "moral",
        "comp", "compIntro", "compKind", "says", "arrival", "happy", "worried", "friend", "friendIntro", "friendSays",
        "who", "problemTitle", "trouble", "where", "state", "fixed", "who2", "intro2", "trouble2", "where2", "state2", "fixed2",
        "place", "place2", "guide", "theGuide", "rope", "theRope", "light", "travel", "travelHome", "keepsake", "sleepImage", "s",
    ]);

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Slots() => _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Set(string key, string value) => _values[Declared(key)] = value;

    /// <summary>Stores a value that is itself one of the generator's templates.</summary>
    public void SetRendered(string key, string template) => _values[Declared(key)] = Render(template);

    private static string Declared(string key) =>
        Known.Contains(key) ? key : throw new ArgumentException($"The slot '{key}' is not among the known slots.", nameof(key));

    public string Render(string template)
    {
        var rest = template.AsSpan();
        if (rest.IndexOf('{') < 0)
            return template;

        var text = new StringBuilder(template.Length + 80);
        while (true)
        {
            var open = rest.IndexOf('{');
            if (open < 0)
                break;
            text.Append(rest[..open]);
            rest = rest[(open + 1)..];
            var close = rest.IndexOf('}');
            if (close < 0)
                throw new InvalidOperationException($"Unclosed slot in story template \"{template}\".");
            Append(text, rest[..close], template);
            rest = rest[(close + 1)..];
        }
        return text.Append(rest).ToString();
    }

    private void Append(StringBuilder text, ReadOnlySpan<char> key, string template)
    {
        if (_lookup.TryGetValue(key, out var value))
        {
            text.Append(value);
            return;
        }
        if (key.Length > 0 && char.IsUpper(key[0]))
        {
            Span<char> lower = stackalloc char[key.Length];
            key.CopyTo(lower);
            lower[0] = char.ToLowerInvariant(lower[0]);
            if (_lookup.TryGetValue(lower, out value))
            {
                if (value.Length > 0)
                    text.Append(char.ToUpperInvariant(value[0])).Append(value.AsSpan(1));
                return;
            }
        }
        throw new InvalidOperationException($"Story template \"{template}\" uses the unknown slot '{key}'.");
    }
}
