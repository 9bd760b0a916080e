using Bedtime.Stories;
using Bedtime.Stories.Safety;
using Bedtime.Stories.Writing.Offline;

namespace Bedtime.Tests.Stories.Safety;

/// <summary>The embedded writer's own prose must pass the checker that judges every story, at every age.</summary>
public sealed class OfflineStoriesPassTheCheckTests
{
    public static TheoryData<string> Themes => new() { "space", "dragons", "pirates", "the ocean", "dinosaurs", "the forest", "a farm", "robots", "magic", "winter", "the jungle", "trains", "an adventure" };

    [Theory]
    [MemberData(nameof(Themes))]
    public void Stories_of_every_length_and_age_on_the_theme_pass_the_offline_check(string theme)
    {
        foreach (var age in new[] { 1, 3, 4, 5, 7, 10, 12 })
            foreach (var length in Enum.GetValues<StoryLength>())
                for (var seed = 0; seed < 3; seed++)
                {
                    var story = StoryComposer.Compose(new StoryBrief("Mia", age, theme, null, null, length, "en", [], seed * 7919 + age));
                    var text = string.Join("\n", [story.Title, .. story.Paragraphs]);
                    var verdict = OfflineSafetyChecker.Check(text, age);
                    Assert.True(verdict.Allowed, $"age {age}, {length}, seed {seed}: {verdict.Refusal}");
                }
    }
}
