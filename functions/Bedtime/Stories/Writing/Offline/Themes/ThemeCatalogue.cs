namespace Bedtime.Stories.Writing.Offline.Themes;

/// <summary>Maps the parent's free-text theme to a family by its words; anything unknown becomes an adventure.</summary>
internal static class ThemeCatalogue
{
    /// <summary>In order of precedence when a theme's words match two families equally.</summary>
    public static readonly ThemeFamily[] Families =
    [
        SpaceTheme.Family, OceanTheme.Family, ForestTheme.Family, DragonTheme.Family, DinosaurTheme.Family,
        PirateTheme.Family, VehicleTheme.Family, FarmTheme.Family, WinterTheme.Family, JungleTheme.Family,
        MagicTheme.Family, RobotTheme.Family,
    ];

    public static ThemeFamily Adventure => AdventureTheme.Family;

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
