using Bedtime.Stories.Writing.Offline.Themes;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>Keyword matching for themes and morals, which are free text from the parent.</summary>
internal static class ThemeWords
{
    private static readonly HashSet<string> TakesThe =
    [
        "ocean", "sea", "forest", "woods", "jungle", "farm", "moon", "beach", "countryside", "arctic", "antarctic", "seaside",
        "rainforest", "savanna", "savannah", "sky", "circus", "zoo", "universe", "cosmos", "galaxy", "railway", "city",
        "reef", "farmyard", "north", "kingdom", "castle", "palace", "sun", "stars",
    ];

    private static readonly HashSet<string> Uncountable =
    [
        "space", "magic", "snow", "winter", "ice", "nature", "science", "technology", "tech", "treasure", "gold", "glitter",
        "wildlife", "harvest", "hay", "steam", "transport", "fairyland", "code", "engineering", "electronics", "moss",
    ];

    private static readonly HashSet<string> Describing =
    [
        "magical", "enchanted", "prehistoric", "jurassic", "underwater", "royal", "medieval", "cosmic", "snowy", "frosty",
        "icy", "polar", "wild", "robotic", "solar", "marine", "jolly",
    ];

    private static readonly Dictionary<string, string> ProperNames = new()
    {
        ["mars"] = "Mars", ["jupiter"] = "Jupiter", ["saturn"] = "Saturn", ["africa"] = "Africa", ["christmas"] = "Christmas",
        ["santa"] = "Santa",
    };

    /// <summary>
    /// The theme as it reads after "dreaming about …": a lone known noun gets the article it needs ("the ocean",
    /// "a dragon"), a lone adjective gets "things". Anything longer is the parent's own phrase and is kept as it is.
    /// </summary>
    public static string AsPhrase(string theme)
    {
        if (theme.Length == 0 || theme.Contains(' ') || !char.IsLower(theme[0]))
            return theme;
        if (ProperNames.TryGetValue(theme, out var name))
            return name;
        if (TakesThe.Contains(theme))
            return "the " + theme;
        if (Describing.Contains(theme))
            return theme + " things";
        if (Uncountable.Contains(theme) || theme.EndsWith('s') || theme.EndsWith("ing", StringComparison.Ordinal)
            || !ThemeCatalogue.Families.Any(f => f.Keywords.Contains(theme)))
            return theme;
        return ("aeiou".Contains(theme[0]) ? "an " : "a ") + theme;
    }

    /// <summary>The lowercase words of a text (runs of letters).</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0)
                start = i;
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }

    /// <summary>Exact word match, allowing simple plurals: "planets", "fairies", "boxes".</summary>
    public static bool Matches(string word, string[] keywords)
    {
        if (word.Length < 2)
            return false;
        foreach (var keyword in keywords)
        {
            if (word == keyword
                || (word.Length == keyword.Length + 1 && word[^1] == 's' && word.StartsWith(keyword, StringComparison.Ordinal))
                || (word.Length == keyword.Length + 2 && word.EndsWith("es", StringComparison.Ordinal) && word.StartsWith(keyword, StringComparison.Ordinal))
                || (word.EndsWith("ies", StringComparison.Ordinal) && keyword.EndsWith('y') && word.Length == keyword.Length + 2
                    && word.AsSpan(0, word.Length - 3).SequenceEqual(keyword.AsSpan(0, keyword.Length - 1))))
                return true;
        }
        return false;
    }
}
