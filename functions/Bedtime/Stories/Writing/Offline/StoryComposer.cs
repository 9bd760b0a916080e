using Bedtime.Stories.Writing.Offline.Themes;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// Builds one story from a brief: casts it (companion, problem, failed attempts, virtue), tells the arc paragraph
/// by paragraph at the child's reading level, then fits the length. Every choice comes from one seeded generator,
/// so the same brief always gives the same story.
/// </summary>
internal sealed partial class StoryComposer
{
    /// <summary>
    /// How much of the parent's free text is quoted, and whether to step down one reading level. The tighter ones
    /// are fallbacks for briefs whose long setting, moral and uploads would push a story past its maximum.
    /// </summary>
    private sealed record TextLimits(int Summary, int Setting, int Moral, bool Plainer = false);

    private static readonly TextLimits[] Limits =
        [new(120, 80, 120), new(60, 60, 80), new(40, 40, 60), new(40, 40, 60, Plainer: true)];

    private static StoryBeats Beats => StoryBeats.Told;

    private readonly StoryBrief _brief;
    private readonly ReadingLevel _level;
    private readonly ThemeFamily _family;
    private readonly SeededRandom _random;
    private readonly Slots _slots = new();
    private readonly StoryDraft _draft = new();
    private readonly Dictionary<Passage, Deck<string>> _wordings = new(ReferenceEqualityComparer.Instance);
    private readonly List<Inspirations.Woven> _inspirations;
    private readonly Deck<string> _scenery;
    private readonly Deck<string> _sleepImages;
    private readonly Companion _companion;
    private readonly Companion? _friend;
    private readonly Problem _problem;
    private readonly Problem? _secondProblem;
    private readonly Virtue _virtue;
    private readonly string _theme;
    private readonly string _themePhrase;

    private StoryComposer(StoryBrief brief, TextLimits limits)
    {
        _brief = brief;
        _level = ReadingLevels.ForAge(brief.Age);
        if (limits.Plainer && _level > ReadingLevel.Little)
            _level--;
        _theme = StoryText.LowerFirstIfPlain(StoryText.Clean(brief.Theme, 80)) is { Length: > 0 } theme ? theme : "adventures";
        _family = ThemeCatalogue.Match(_theme);
        _themePhrase = ThemeWords.AsPhrase(_theme);
        _random = SeededRandom.For(brief);
        // Asked to be stricter, it quotes none of the parent's uploaded words: pictures only lend their subject.
        _inspirations = Inspirations.Prepare(brief.Inspirations, limits.Summary);
        if (brief.Strict) _inspirations.RemoveAll(i => i.Kind != Inspirations.Kind.Picture);

        _companion = _random.Pick(_family.Companions);
        _problem = _random.Pick(_family.Problems);
        if (brief.Length == StoryLength.Long)
        {
            _friend = _random.Pick(_family.Companions.Where(c => c != _companion).ToArray());
            _secondProblem = _random.Pick(_family.Problems.Where(p => p != _problem).ToArray());
        }

        var moral = StoryText.LowerFirstIfPlain(StoryText.Clean(brief.Moral, limits.Moral));
        _virtue = moral.Length > 0 ? Virtues.Match(moral) : Virtues.ByKey(_family.DefaultVirtue);

        FillSlots(moral, limits.Setting);
        _scenery = new Deck<string>(SceneryFor(), _random);
        _sleepImages = new Deck<string>(_family.SleepImages, _random);
    }

    public static WrittenStory Compose(StoryBrief brief)
    {
        var max = StoryBrief.WordRange(brief.Length).Max;
        WrittenStory story = null!;
        foreach (var limits in Limits)
        {
            var composer = new StoryComposer(brief, limits);
            story = composer.Write();
            if (composer._draft.WordCount <= max)
                break;
        }
        return story;
    }

    private WrittenStory Write()
    {
        Opening();
        Arrival();
        SettingOff();
        if (_brief.Length != StoryLength.Short)
            Wonder();
        if (_brief.Length == StoryLength.Long)
        {
            FriendOnTheWay();
            Obstacles();
        }
        Found();
        FailedAttempts();
        Resolution();
        Party();
        SecondRescue();
        Lesson();
        GoodNight();

        var (min, max) = StoryBrief.WordRange(_brief.Length);
        _draft.Fit(min, max);
        return new WrittenStory(Title(), _draft.Render());
    }

    private void FillSlots(string moral, int settingLength)
    {
        var s = _slots;
        s.Set("Name", StoryText.Name(_brief.ChildName));
        s.Set("they", "they");
        s.Set("them", "them");
        s.Set("their", "their");
        s.Set("theme", _themePhrase);

        var setting = StoryText.LowerFirstIfPlain(StoryText.Clean(_brief.Setting, settingLength));
        s.Set("setting", setting.Length > 0 ? StoryText.PlacePhrase(setting) : _family.DefaultSetting);

        s.Set("comp", _companion.Name);
        s.Set("compIntro", _companion.Intro);
        s.Set("compKind", _companion.Kind);
        s.Set("says", _companion.Says);
        s.SetRendered("arrival", _companion.Arrival);
        s.SetRendered("happy", _companion.Happy);
        s.SetRendered("worried", _companion.Worried);
        s.Set("exclaim", _random.Pick(_family.Exclamations));
        if (_friend is not null)
        {
            s.Set("friend", _friend.Name);
            s.Set("friendIntro", _friend.Intro);
            s.Set("friendSays", _friend.Says);
        }

        // Short stories keep to the plain wordings even for older children: the rich ones would not fit.
        var rich = _level == ReadingLevel.Older && _brief.Length != StoryLength.Short;
        s.Set("who", _problem.Who);
        s.SetRendered("trouble", rich ? _problem.TroubleRich : _problem.Trouble);
        s.SetRendered("where", _problem.Where);
        s.SetRendered("state", _problem.State);
        s.SetRendered("fixed", rich ? _problem.FixedRich : _problem.Fixed);
        if (_secondProblem is not null)
        {
            s.Set("who2", _secondProblem.Who);
            s.Set("intro2", _secondProblem.Intro is { } intro ? $", {intro}" : "");
            s.SetRendered("trouble2", _secondProblem.Trouble);
            s.SetRendered("where2", _secondProblem.Where);
            s.SetRendered("state2", _secondProblem.State);
            s.SetRendered("fixed2", rich ? _secondProblem.FixedRich : _secondProblem.Fixed);
        }

        var places = new Deck<string>(_family.Places, _random);
        s.Set("place", places.Draw());
        s.Set("place2", places.Draw());
        s.Set("guide", _family.Guide.A);
        s.Set("theGuide", _family.Guide.The);
        s.Set("rope", _family.Rope.A);
        s.Set("theRope", _family.Rope.The);
        s.Set("light", _family.Light.A);

        // Middle readers get the richer journey now and then; the youngest always the simple one.
        var richJourney = rich || (_level == ReadingLevel.Middle && _brief.Length != StoryLength.Short && _random.Chance(50));
        s.SetRendered("travel", richJourney ? _family.Travel.Rich : _family.Travel.Simple);
        s.SetRendered("travelHome", richJourney ? _family.TravelHome.Rich : _family.TravelHome.Simple);
        s.Set("keepsake", _random.Pick(_family.Keepsakes));

        // The parent's moral is quoted as given; otherwise the virtue's own words at this reading level.
        s.Set("moral", moral);
        if (moral.Length == 0)
            s.SetRendered("moral", _random.Pick(_virtue.DefaultMoral.For(_level)));
    }

    /// <summary>Sensory sentences at this level: simple ones for the youngest, rich ones (or pairs) for the oldest.</summary>
    private List<string> SceneryFor()
    {
        var sentences = new List<string>();
        switch (_level)
        {
            case ReadingLevel.Little:
                sentences.AddRange(_family.Details.Select(d => Sentence(d)));
                break;
            case ReadingLevel.Middle:
                sentences.AddRange(_family.Details.Select(d => Sentence(d)));
                sentences.AddRange(_family.RichDetails.Select(d => Sentence(d)));
                break;
            default:
                sentences.AddRange(_family.RichDetails.Select(d => Sentence(d)));
                var simple = _family.Details.ToArray();
                _random.Shuffle(simple);
                for (var i = 0; i + 1 < simple.Length; i += 2)
                    sentences.Add(Sentence(simple[i], simple[i + 1]));
                break;
        }
        return sentences;
    }

    private string Sentence(string clause, string? second = null)
    {
        var text = _slots.Render(clause);
        if (second is not null)
            text = $"{text}, {(_random.Chance(50) ? "and" : "while")} {_slots.Render(second)}";
        return StoryText.Capitalise(text) + ".";
    }

    /// <summary>One wording of a beat, rendered. Repeated beats take a different wording each time while they last.</summary>
    private string Line(Passage passage) => _slots.Render(WordingsOf(passage).Draw());

    /// <summary>A beat that may be told once only (small talk): nothing once its wordings are used up.</summary>
    private void AddOnce(DraftParagraph paragraph, Passage passage, Tier tier)
    {
        if (WordingsOf(passage).TryDraw(out var wording))
            paragraph.Add(_slots.Render(wording), tier);
    }

    private Deck<string> WordingsOf(Passage passage)
    {
        if (!_wordings.TryGetValue(passage, out var deck))
            _wordings[passage] = deck = new Deck<string>(passage.For(_level), _random);
        return deck;
    }

    private void AddScenery(DraftParagraph paragraph, Tier tier)
    {
        if (_scenery.TryDraw(out var sentence))
            paragraph.Add(sentence, tier);
    }

    private void AddInspiration(DraftParagraph paragraph, int position)
    {
        if (position >= _inspirations.Count)
            return;
        var inspiration = _inspirations[position];
        _slots.Set("s", inspiration.Summary);
        paragraph.Add(Line(Inspirations.For(inspiration, position)));
    }

    private string Title()
    {
        if (_family == ThemeCatalogue.Adventure)
        {
            _slots.Set("themeTitle", StoryText.TitleCase(_theme));
            return _slots.Render(_random.Chance(50) ? "{Name} and the Quest for {themeTitle}" : "{Name}'s Quest for {themeTitle}");
        }
        _slots.Set("problemTitle", _problem.Title);
        _slots.Set("titleWord", _random.Pick(_family.TitleWords));
        return _slots.Render(_random.Next(3) switch
        {
            0 => "{Name} and {problemTitle}",
            1 => "{Name}'s {titleWord} Adventure",
            _ => "The Night {Name} Met {comp}",
        });
    }
}
