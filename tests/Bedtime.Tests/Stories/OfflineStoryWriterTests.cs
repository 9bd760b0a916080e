using System.Text.RegularExpressions;
using Bedtime.Stories;
using Bedtime.Stories.Writing.Offline;
using Bedtime.Stories.Writing.Offline.Themes;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Stories;

public sealed partial class OfflineStoryWriterTests
{
    private readonly OfflineStoryWriter _writer = new();

    /// <summary>One theme per family, with words (or word starts) that mark that family's stories.</summary>
    private static readonly (string Theme, string[] Words)[] Families =
    [
        ("rockets and planets", ["rocket", "star", "moon", "comet", "planet", "galax", "saturn", "space"]),
        ("mermaids", ["wave", "sea", "fish", "shell", "mermaid", "whale", "coral", "turtle"]),
        ("woodland animals", ["forest", "woodland", "owl", "fox", "hedgehog", "moss", "oak", "badger"]),
        ("dragons and castles", ["castle", "dragon", "tower", "knight", "torch", "guard", "crown", "moat"]),
        ("dinosaurs", ["dinosaur", "fern", "volcano", "swamp", "footprint", "triceratops", "stegosaurus", "diplodocus"]),
        ("pirates", ["pirate", "treasure", "sail", "ship", "parrot", "island", "barnacle", "seagull"]),
        ("trains", ["train", "track", "engine", "railway", "station", "whistle", "clickety", "signal"]),
        ("farm animals", ["farm", "barn", "hen", "cow", "lamb", "hay", "tractor", "piglet"]),
        ("snow and penguins", ["snow", "sledge", "ice", "penguin", "reindeer", "frost", "icicle", "winter"]),
        ("jungle", ["jungle", "vine", "monkey", "elephant", "toucan", "waterfall", "sloth", "tiger"]),
        ("fairies", ["fairy", "fairies", "magic", "unicorn", "wand", "sparkl", "toadstool", "enchanted"]),
        ("robots", ["robot", "cog", "machine", "gadget", "beep", "hover-scooter", "inventor", "city"]),
    ];

    private static readonly string[] AllThemes = [.. Families.Select(f => f.Theme), "marbles and kites"];

    public static TheoryData<StoryLength, int> LengthsAndAges()
    {
        var data = new TheoryData<StoryLength, int>();
        foreach (var length in Enum.GetValues<StoryLength>())
            foreach (var age in new[] { 3, 5, 7, 8, 10, 12 })
                data.Add(length, age);
        return data;
    }

    [Fact]
    public async Task The_writer_is_called_offline_and_costs_no_tokens()
    {
        var result = await _writer.WriteAsync(new StoryBriefBuilder().Build(), CancellationToken.None);

        Assert.Equal("offline", _writer.Name);
        Assert.True(result.Succeeded);
        Assert.Equal(0, result.Value!.PromptTokens);
        Assert.Equal(0, result.Value.CompletionTokens);
    }

    [Fact]
    public async Task The_same_brief_always_gives_the_same_story()
    {
        var brief = new StoryBriefBuilder().WithTheme("dragons").WithAge(7).WithLength(StoryLength.Medium)
            .WithMoral("always tell the truth").WithInspiration("image", "A drawing of a green kite").WithSeed(42).Build();

        var first = await WriteAsync(brief);
        var second = await WriteAsync(brief with { Inspirations = [.. brief.Inspirations] });

        Assert.Equal(first.Title, second.Title);
        Assert.Equal(first.Paragraphs, second.Paragraphs);
    }

    [Fact]
    public void The_seeded_generator_follows_the_published_SplitMix64_sequence()
    {
        // Pins the sequence so that a seed means the same story on every .NET version.
        var random = new SeededRandom(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public async Task Different_seeds_give_different_stories()
    {
        var stories = new List<WrittenStory>();
        for (var seed = 0; seed < 12; seed++)
            stories.Add(await WriteAsync(new StoryBriefBuilder().WithTheme("space").WithLength(StoryLength.Medium).WithSeed(seed).Build()));

        Assert.Equal(stories.Count, stories.Select(Text).Distinct().Count());
        Assert.True(stories.Select(s => s.Title).Distinct().Count() >= 3, "titles should vary with the seed");
        // The problem paragraph differs too: different companions, problems and wordings, not just shuffled scenery.
        Assert.True(stories.Select(s => s.Paragraphs[1]).Distinct().Count() >= 5, "the plot should vary with the seed");
    }

    [Fact]
    public async Task Each_theme_family_tells_its_own_story_in_its_own_words()
    {
        var recognised = 0;
        foreach (var (theme, words) in Families)
        {
            for (var seed = 0; seed < 4; seed++)
            {
                var text = Text(await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithAge(6).WithSeed(seed).Build()));
                var own = CountWords(text, words);
                var otherBest = Families.Where(f => f.Theme != theme).Max(f => CountWords(text, f.Words));

                Assert.True(own >= 3, $"'{theme}' (seed {seed}) uses only {own} of its own words: {text}");
                Assert.True(own > otherBest, $"'{theme}' (seed {seed}) reads more like another theme ({own} vs {otherBest}): {text}");
            }
            recognised++;
        }

        Assert.True(recognised >= 8);
        var openings = new HashSet<string>();
        foreach (var (theme, _) in Families)
            openings.Add(Text(await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithSeed(3).Build())));
        Assert.Equal(Families.Length, openings.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("one")]
    [InlineData("  “Hello,”  said\tPip.\n Goodnight ")]
    public void The_fitters_word_count_matches_the_stories_word_count(string text) =>
        Assert.Equal(WrittenStory.CountWords(text), StoryText.CountWords(text));

    [Theory]
    [MemberData(nameof(LengthsAndAges))]
    public async Task Every_theme_and_seed_lands_inside_the_word_range(StoryLength length, int age)
    {
        var (min, max) = StoryBrief.WordRange(length);
        var outside = new List<string>();
        foreach (var theme in AllThemes)
        {
            for (var seed = 0; seed < 6; seed++)
            {
                var plain = new StoryBriefBuilder().WithTheme(theme).WithAge(age).WithLength(length).WithSeed(seed);
                var rich = new StoryBriefBuilder().WithTheme(theme).WithAge(age).WithLength(length).WithSeed(seed)
                    .WithSetting("a little crooked house on a windy hill above the harbour")
                    .WithMoral("the best adventures always end back home with the people who love you")
                    .WithInspiration("image", "A drawing of a tall red lighthouse with a cat asleep on the balcony and seagulls all around it")
                    .WithInspiration("text", "Once there was a tiny mouse who wanted to see the whole wide world before breakfast time")
                    .WithInspiration("audio", "Goodnight my darling, I love you all the way to the moon and back again, sleep tight");
                foreach (var brief in new[] { plain.Build(), rich.Build() })
                {
                    var words = (await WriteAsync(brief)).WordCount;
                    if (words < min || words > max)
                        outside.Add($"{theme}/seed {seed}/{(brief.Inspirations.Count > 0 ? "rich" : "plain")}: {words}");
                }
            }
        }

        Assert.True(outside.Count == 0, $"outside {min}-{max}: {string.Join(", ", outside)}");
    }

    [Fact]
    public async Task The_youngest_get_short_sentences_and_older_children_longer_ones()
    {
        var little = await AverageSentenceLengthAsync(4);
        var middle = await AverageSentenceLengthAsync(7);
        var older = await AverageSentenceLengthAsync(11);

        Assert.True(little <= 10, $"ages up to 5 average {little:F1} words a sentence");
        Assert.True(middle > little + 1, $"ages 6-8 ({middle:F1}) should read longer than ages up to 5 ({little:F1})");
        Assert.True(older > middle + 1, $"ages 9-12 ({older:F1}) should read longer than ages 6-8 ({middle:F1})");
    }

    [Fact]
    public async Task Every_story_for_the_youngest_keeps_its_sentences_short()
    {
        foreach (var theme in AllThemes)
            foreach (var length in Enum.GetValues<StoryLength>())
            {
                var story = await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithAge(3).WithLength(length).Build());
                Assert.True(AverageSentenceLength([story]) <= 10, $"{theme}/{length}: {Text(story)}");
            }
    }

    [Fact]
    public async Task The_opening_introduces_the_child_by_name_and_the_setting()
    {
        var story = await WriteAsync(new StoryBriefBuilder().WithChildName("Ayo").WithTheme("pirates")
            .WithSetting("a lighthouse on a rocky island").Build());

        Assert.Contains("Ayo", story.Paragraphs[0]);
        Assert.Contains("a lighthouse on a rocky island", story.Paragraphs[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Ayo", story.Title);
    }

    [Fact]
    public async Task Without_a_setting_the_opening_uses_a_place_that_fits_the_theme()
    {
        var space = await WriteAsync(new StoryBriefBuilder().WithTheme("space").WithSetting(null).Build());
        var farm = await WriteAsync(new StoryBriefBuilder().WithTheme("farm").WithSetting("   ").Build());

        Assert.Contains("planet", space.Paragraphs[0]);
        Assert.Contains("farmhouse", farm.Paragraphs[0]);
    }

    [Fact]
    public async Task The_childs_name_is_used_naturally_not_in_every_sentence()
    {
        var story = await WriteAsync(new StoryBriefBuilder().WithChildName("Ayo").WithLength(StoryLength.Medium).Build());
        var sentences = Sentences(story).ToList();

        var withName = sentences.Count(s => s.Contains("Ayo", StringComparison.Ordinal));
        Assert.InRange(withName, 5, sentences.Count * 6 / 10);
    }

    [Theory]
    [InlineData("sharing makes everyone happier")]
    [InlineData("Be kind to others.")]
    [InlineData("The best adventures end at home")]
    public async Task The_parents_moral_is_stated_in_the_last_part_of_the_story(string moral)
    {
        foreach (var length in Enum.GetValues<StoryLength>())
        {
            var story = await WriteAsync(new StoryBriefBuilder().WithTheme("jungle").WithMoral(moral).WithLength(length).Build());

            var stated = story.Paragraphs.ToList().FindLastIndex(p => p.Contains(moral.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
            Assert.True(stated >= story.Paragraphs.Count * 2 / 3, $"{length}: the moral is in paragraph {stated + 1} of {story.Paragraphs.Count}");
        }
    }

    [Fact]
    public async Task Without_a_moral_the_story_ends_on_its_themes_own_lesson()
    {
        string[] lessonWords = ["kind", "brave", "scared", "patien", "wait", "shar", "truth", "together", "try", "thank"];
        foreach (var (theme, _) in Families)
        {
            var story = await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithMoral(null).Build());
            var ending = string.Join(' ', story.Paragraphs.TakeLast(3));

            Assert.True(lessonWords.Any(w => ending.Contains(w, StringComparison.OrdinalIgnoreCase)), $"{theme}: {ending}");
        }
    }

    [Fact]
    public async Task Every_story_ends_with_the_child_drifting_off_to_sleep()
    {
        string[] sleepWords = ["goodnight", "asleep", "sleep", "dream"];
        foreach (var theme in AllThemes)
            foreach (var length in Enum.GetValues<StoryLength>())
                for (var seed = 0; seed < 3; seed++)
                {
                    var last = (await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithLength(length).WithAge(4 + seed * 3).WithSeed(seed).Build())).Paragraphs[^1];
                    Assert.True(sleepWords.Any(w => last.Contains(w, StringComparison.OrdinalIgnoreCase)), last);
                }
    }

    [Fact]
    public async Task Inspirations_are_woven_in_as_clean_plain_text()
    {
        var story = await WriteAsync(new StoryBriefBuilder().WithLength(StoryLength.Medium)
            .WithInspiration("image", "  A drawing of a <script>alert('x')</script> purple cat and\nnewlines\t{Name}  ")
            .WithInspiration("text", "The owl said \"hello\" & waved at the moon")
            .WithInspiration("audio", "Sleep tight, little one")
            .WithInspiration("text", "A fourth upload about zebras")
            .Build());
        var text = string.Join(' ', story.Paragraphs);

        Assert.DoesNotContain('<', text);
        Assert.DoesNotContain('>', text);
        Assert.DoesNotContain('{', text);
        Assert.DoesNotContain('&', text);
        Assert.DoesNotContain('\n', text);
        Assert.Contains("a script alert 'x' script purple cat and newlines Name", text);
        Assert.Contains("The owl said hello waved at the moon", text);
        Assert.Contains("Sleep tight, little one", text);
        Assert.DoesNotContain("zebras", text);
    }

    [Fact]
    public async Task Asked_to_be_stricter_it_quotes_none_of_the_uploads_words_and_keeps_what_a_picture_shows()
    {
        var brief = new StoryBriefBuilder().WithLength(StoryLength.Medium)
            .WithInspiration("image", "A drawing of a purple cat")
            .WithInspiration("text", "The owl said hello and waved at the moon")
            .WithInspiration("audio", "Sleep tight, little one");

        var usual = string.Join(' ', (await WriteAsync(brief.Build())).Paragraphs);
        var strict = string.Join(' ', (await WriteAsync(brief.Strict().Build())).Paragraphs);

        Assert.Contains("The owl said hello", usual, StringComparison.Ordinal);
        Assert.DoesNotContain("The owl said hello", strict, StringComparison.Ordinal);
        Assert.DoesNotContain("Sleep tight, little one", strict, StringComparison.Ordinal);
        Assert.Contains("purple cat", strict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_inspiration_is_cut_at_a_word_boundary()
    {
        var summary = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));

        var text = Text(await WriteAsync(new StoryBriefBuilder().WithInspiration("text", summary).Build()));

        var quoted = Regex.Match(text, "“(Word1[^”]*)\\.”").Groups[1].Value;
        Assert.InRange(quoted.Length, 100, 120);
        Assert.Matches("word\\d+$", quoted);
        Assert.DoesNotContain("word40", text);
    }

    [Theory]
    [InlineData("A drawing of a purple cat with wings", "a picture of a purple cat with wings")]
    [InlineData("A child's crayon drawing of a red bus", "a picture of a red bus")]
    [InlineData("This is a photo of Grandma's garden", "a picture of Grandma's garden")]
    [InlineData("The lighthouse at sunset", "a picture of the lighthouse at sunset")]
    public async Task A_picture_is_described_by_what_it_shows(string summary, string expected)
    {
        var text = Text(await WriteAsync(new StoryBriefBuilder().WithInspiration("image", summary).Build()));

        Assert.Contains(expected, text);
    }

    [Fact]
    public async Task An_image_summary_that_only_describes_the_file_becomes_a_favourite_picture()
    {
        var text = Text(await WriteAsync(new StoryBriefBuilder().WithInspiration("image", "PNG image, 800 x 600 pixels").Build()));

        Assert.DoesNotContain("PNG", text);
        Assert.Contains("favourite picture", text);
    }

    [Fact]
    public async Task No_paragraph_or_sentence_is_told_twice()
    {
        foreach (var theme in AllThemes)
            foreach (var length in Enum.GetValues<StoryLength>())
                foreach (var age in new[] { 4, 7, 11 })
                {
                    var story = await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithLength(length).WithAge(age).Build());

                    Assert.Equal(story.Paragraphs.Count, story.Paragraphs.Distinct().Count());
                    var repeated = Sentences(story).Where(s => WrittenStory.CountWords(s) > 3)
                        .GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                    Assert.True(repeated.Count == 0, $"{theme}/{length}/{age} repeats: {string.Join(" | ", repeated)}");
                }
    }

    [Fact]
    public async Task Sentences_start_with_capitals_and_end_with_punctuation()
    {
        foreach (var theme in AllThemes)
        {
            var story = await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithLength(StoryLength.Long).WithAge(8).Build());
            foreach (var paragraph in story.Paragraphs)
            {
                Assert.Matches("^[“A-Z]", paragraph);
                Assert.Matches("[.!?”]$", paragraph);
                Assert.DoesNotContain("  ", paragraph);
                Assert.DoesNotContain("{", paragraph);
            }
        }
    }

    [Theory]
    [InlineData("rockets and planets")]
    [InlineData("Mermaids")]
    [InlineData("a dragon called Sparkle")]
    [InlineData("ocean")]
    public async Task The_requested_theme_is_mentioned_in_the_story(string theme)
    {
        foreach (var age in new[] { 4, 7, 11 })
        {
            var text = Text(await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithAge(age).Build()));

            Assert.Contains(theme, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("rockets and planets", "space")]
    [InlineData("Mermaids", "ocean")]
    [InlineData("T-Rex and friends", "dinosaurs")]
    [InlineData("fairies", "magic")]
    [InlineData("woodland animals", "forest")]
    [InlineData("farm animals", "farm")]
    [InlineData("pirates on a ship", "pirates")]
    [InlineData("the North Pole", "winter")]
    [InlineData("diggers and fire engines", "vehicles")]
    [InlineData("starfish", "ocean")]
    [InlineData("lost socks", "adventure")]
    public void A_theme_is_matched_to_its_family_by_its_words(string theme, string family) =>
        Assert.Equal(family, ThemeCatalogue.Match(theme).Key);

    [Theory]
    [InlineData("Be kind to others", "kindness")]
    [InlineData("it's okay to feel scared", "courage")]
    [InlineData("always tell the truth", "honesty")]
    [InlineData("never give up", "perseverance")]
    [InlineData("take turns with your sister", "sharing")]
    [InlineData("friends help each other", "teamwork")]
    [InlineData("good things come to those who wait", "patience")]
    [InlineData("say thank you", "gratitude")]
    [InlineData("the best adventures end at home", "wisdom")]
    public void A_moral_is_matched_to_the_virtue_it_speaks_of(string moral, string virtue) =>
        Assert.Equal(virtue, Virtues.Match(moral).Key);

    [Fact]
    public async Task An_unknown_theme_becomes_the_object_of_a_quest()
    {
        var story = await WriteAsync(new StoryBriefBuilder().WithTheme("marbles and kites").WithLength(StoryLength.Medium).Build());

        Assert.Contains("quest for marbles and kites", Text(story));
        Assert.Contains("Marbles and Kites", story.Title);
        Assert.InRange(story.WordCount, 500, 700);
    }

    [Fact]
    public async Task Another_language_still_gets_an_english_story()
    {
        var result = await _writer.WriteAsync(new StoryBriefBuilder().WithLanguage("fr").Build(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Contains("Goodnight", Text(result.Value!));
    }

    [Fact]
    public async Task A_cancelled_request_is_not_written()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _writer.WriteAsync(new StoryBriefBuilder().Build(), cancelled.Token));
    }

    private async Task<WrittenStory> WriteAsync(StoryBrief brief)
    {
        var result = await _writer.WriteAsync(brief, CancellationToken.None);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Value!;
    }

    private async Task<double> AverageSentenceLengthAsync(int age)
    {
        var stories = new List<WrittenStory>();
        foreach (var theme in AllThemes)
            foreach (var length in Enum.GetValues<StoryLength>())
                stories.Add(await WriteAsync(new StoryBriefBuilder().WithTheme(theme).WithAge(age).WithLength(length).WithSeed(age).Build()));
        return AverageSentenceLength(stories);
    }

    private static double AverageSentenceLength(IEnumerable<WrittenStory> stories) =>
        stories.SelectMany(Sentences).Average(WrittenStory.CountWords);

    /// <summary>Splits where a sentence ends and the next begins with a capital or a quote, so “Hello!” said Pip stays one.</summary>
    private static IEnumerable<string> Sentences(WrittenStory story) =>
        story.Paragraphs.SelectMany(p => SentenceBreak().Split(p));

    private static string Text(WrittenStory story) => story.Title + "\n" + string.Join("\n", story.Paragraphs);

    /// <summary>How many of the words start a word somewhere in the text ("hen" counts in "hens", not in "then").</summary>
    private static int CountWords(string text, string[] words) =>
        words.Count(w => Regex.IsMatch(text, $"\\b{Regex.Escape(w)}", RegexOptions.IgnoreCase));

    [GeneratedRegex("(?<=[.!?][”]?)\\s+(?=[“A-Z])")]
    private static partial Regex SentenceBreak();
}
