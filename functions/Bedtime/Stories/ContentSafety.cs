using Bedtime.Stories.Safety;

namespace Bedtime.Stories;

/// <summary>
/// The checks on what parents type and what writers produce, for the child's age: the offline checker's categories and
/// context rules (<see cref="OfflineSafetyChecker"/>). The production writer adds the provider's own content filters on top.
/// </summary>
public static class ContentSafety
{
    /// <returns>The evidence of the first refusal, or null when the text is fine for a child of that age.</returns>
    public static string? FindBlockedTerm(string? text, int age) => OfflineSafetyChecker.Check(text, age).Refusal?.Evidence;

    /// <summary>Checks every field a parent typed; returns the field and evidence of the first problem.</summary>
    public static (string Field, string Term)? CheckRequest(StoryRequest request)
    {
        foreach (var (field, value) in new[] { ("childName", request.ChildName), ("theme", request.Theme), ("setting", request.Setting), ("moral", request.Moral) })
            if (FindBlockedTerm(value, request.Age) is { } term) return (field, term);
        return null;
    }

    public static string? CheckStory(WrittenStory story, int age) =>
        FindBlockedTerm(story.Title, age) ?? story.Paragraphs.Select(p => FindBlockedTerm(p, age)).FirstOrDefault(t => t is not null);
}
