namespace Bedtime.Stories.Writing.Offline.Themes;

/// <summary>Maps the parent's free-text theme to a family by its words; anything unknown becomes an adventure.</summary>
internal static class ThemeCatalogue
{
    /// <summary>For themes no family knows: the parent's words become the object of the quest ("a quest for {theme}").</summary>
    public const string FallbackKey = "adventure";

    private static readonly ThemeFamily[] All =
        [.. ProseFiles.Names("themes/").Select(ProseFiles.Load<ThemeFamily>)];

    /// <summary>The families a theme's words can pick, in order of precedence.</summary>
    public static readonly ThemeFamily[] Families = [.. All.Where(f => f.Precedence is not null).OrderBy(f => f.Precedence)];

    public static ThemeFamily Adventure { get; } = Array.Find(All, f => f.Key == FallbackKey)
        ?? throw new InvalidOperationException($"No theme file for '{FallbackKey}'.");

    public static ThemeFamily Match(string theme)
    {
        var words = ThemeWords.Split(theme);
        var best = Adventure;
        var bestScore = 0;
        foreach (var family in Families)
        {
            var score = 0;
            foreach (var word in words)
                if (ThemeWords.Matches(word, family.Keywords))
                    score++;
            if (score > bestScore)
                (best, bestScore) = (family, score);
        }
        return best;
    }
}
