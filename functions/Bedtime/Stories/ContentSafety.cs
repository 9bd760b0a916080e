using System.Text.RegularExpressions;

namespace Bedtime.Stories;

/// <summary>
/// Word-list checks for what parents type and what writers produce: a bedtime story must not carry violence,
/// cruelty, adult themes or slurs. A deliberately small, conservative list; the production writer adds the provider's
/// own content filters on top.
/// </summary>
public static partial class ContentSafety
{
    private static readonly HashSet<string> Blocked = new(StringComparer.OrdinalIgnoreCase)
    {
        "kill", "killed", "killing", "murder", "murdered", "blood", "bloody", "gore", "gun", "guns", "shoot", "shooting",
        "stab", "stabbed", "knife", "bomb", "terror", "terrorist", "suicide", "torture", "corpse", "dead body", "drugs",
        "cocaine", "heroin", "alcohol", "drunk", "beer", "vodka", "sex", "sexy", "porn", "naked", "nude", "hell", "damn",
        "shit", "fuck", "bitch", "bastard", "crap", "slave", "nazi", "racist", "hate", "horror", "demon", "satan",
        "zombie apocalypse", "war crimes", "abuse", "kidnap", "kidnapped",
    };

    /// <returns>The first blocked term found, or null when the text is fine.</returns>
    public static string? FindBlockedTerm(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var words = Words().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (Blocked.Contains(words[i])) return words[i];
            if (i + 1 < words.Count && Blocked.Contains($"{words[i]} {words[i + 1]}")) return $"{words[i]} {words[i + 1]}";
        }
        return null;
    }

    /// <summary>Checks every field a parent typed; returns the field and term of the first problem.</summary>
    public static (string Field, string Term)? CheckRequest(StoryRequest request)
    {
        foreach (var (field, value) in new[] { ("childName", request.ChildName), ("theme", request.Theme), ("setting", request.Setting), ("moral", request.Moral) })
            if (FindBlockedTerm(value) is { } term) return (field, term);
        return null;
    }

    public static string? CheckStory(WrittenStory story) =>
        FindBlockedTerm(story.Title) ?? story.Paragraphs.Select(FindBlockedTerm).FirstOrDefault(t => t is not null);

    [GeneratedRegex(@"[\p{L}']+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
