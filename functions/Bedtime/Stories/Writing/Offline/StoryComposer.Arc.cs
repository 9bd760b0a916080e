using Bedtime.Stories.Writing.Offline.Themes;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// The arc, one paragraph at a time: opening, arrival, setting off, (journey), finding the one in trouble, the
/// attempts, the resolution, (a party and a second rescue), the lesson and the good-night ending. Sentences marked
/// with a tier are optional; the length fitter decides which are told.
/// </summary>
internal sealed partial class StoryComposer
{
    private void Opening()
    {
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.Opening));
        p.Add(Line(StoryBeats.ThemeLine));
        AddInspiration(p, 0);
        p.Add(Line(StoryBeats.Routine), Tier.Chatter);
        p.Add(Line(StoryBeats.Hook), Tier.Story);
    }

    private void Arrival()
    {
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.Arrival));
        p.Add(Line(StoryBeats.Greeting), _brief.Length == StoryLength.Short ? Tier.Story : Tier.Core);
        p.Add(Line(StoryBeats.Trouble));
        p.Add(Line(StoryBeats.DreamCheck), Tier.Chatter);
    }

    private void SettingOff()
    {
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.Agree), Tier.Story);
        p.Add(Line(StoryBeats.Travel));
        p.Add(Line(StoryBeats.TravelChatter), Tier.Chatter);
        p.Add(Line(StoryBeats.OnAndOn), Tier.Chatter);
        AddOnce(p, StoryBeats.Chatter, Tier.Chatter);
        AddScenery(p, Tier.Scenery);
        if (_brief.Length == StoryLength.Short)
            AddInspiration(p, 1);
    }

    private void Wonder()
    {
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.Wonder));
        AddScenery(p, Tier.Core);
        AddScenery(p, Tier.Scenery);
        AddInspiration(p, 1);
        AddScenery(p, Tier.Scenery);
        p.Add(Line(StoryBeats.WonderRemark), Tier.Chatter);
        AddOnce(p, StoryBeats.Chatter, Tier.Chatter);
        AddOnce(p, StoryBeats.TravelChatter, Tier.Chatter);
    }

    private void FriendOnTheWay()
    {
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.Friend));
        p.Add(_slots.Render(_virtue.Hint));
        p.Add(Line(StoryBeats.FriendParting), Tier.Story);
        AddScenery(p, Tier.Scenery);
    }

    /// <summary>Both of the theme's small troubles on the way, each in its own paragraph.</summary>
    private void Obstacles()
    {
        var obstacles = new Deck<Obstacle>(_family.Obstacles, _random);
        while (obstacles.TryDraw(out var obstacle))
        {
            var p = _draft.Paragraph();
            p.Add(Line(StoryBeats.ObstacleLead), Tier.Chatter);
            p.Add(_slots.Render(obstacle.Trouble));
            p.Add(_slots.Render(obstacle.Solution));
            p.Add(Line(StoryBeats.Phew), Tier.Chatter);
            AddOnce(p, StoryBeats.Chatter, Tier.Chatter);
            AddScenery(p, Tier.Scenery);
        }
    }

    private void Found()
    {
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.Found));
        p.Add(Line(StoryBeats.FoundReaction), Tier.Story);
        p.Add(Line(StoryBeats.Closer), Tier.Chatter);
        AddScenery(p, Tier.Scenery);
    }

    private void FailedAttempts()
    {
        // Two or three attempts in all: one or two fall short, then the virtue works.
        var failures = _brief.Length switch
        {
            StoryLength.Short => 1,
            StoryLength.Medium => _random.Chance(50) ? 1 : 2,
            _ => 2,
        };
        var attempts = new Deck<Passage>(Attempts.For(_problem.Kind), _random);
        for (var i = 0; i < failures; i++)
        {
            var p = _draft.Paragraph();
            if (i > 0)
                p.Add(Line(StoryBeats.NextAttempt));
            p.Add(Line(attempts.Draw()));
            p.Add(Line(StoryBeats.Setback), Tier.Chatter);
            if (i == failures - 1)
                p.Add(Line(StoryBeats.Pause), Tier.Chatter);
        }
    }

    private void Resolution()
    {
        var p = _draft.Paragraph();
        p.Add(Line(_virtue.Resolution));
        p.Add(_slots.Render("{fixed}"));
        p.Add(Line(StoryBeats.Celebrate), Tier.Story);
        p.Add(Line(StoryBeats.Thanks), Tier.Chatter);
        p.Add(Line(StoryBeats.Cheer), Tier.Chatter);
    }

    /// <summary>A celebration: part of the arc in long stories, optional colour in medium ones.</summary>
    private void Party()
    {
        if (_brief.Length == StoryLength.Short)
            return;
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.Party), _brief.Length == StoryLength.Long ? Tier.Core : Tier.Chatter);
        if (_friend is not null)
            p.Add(Line(StoryBeats.FriendAtParty), Tier.Chatter);
        AddScenery(p, Tier.Scenery);
    }

    /// <summary>Long stories: a second, smaller rescue where the child uses the lesson again without being told.</summary>
    private void SecondRescue()
    {
        if (_secondProblem is null)
            return;
        var p = _draft.Paragraph();
        p.Add(Line(StoryBeats.SecondCall));
        p.Add(_slots.Render("There, {where2}, was {who2}{intro2}. {state2}"));
        p.Add(Line(StoryBeats.SecondTrouble), Tier.Chatter);
        p.Add(Line(StoryBeats.KnewWhatToDo));
        p.Add(_slots.Render("{fixed2}"));
        AddScenery(p, Tier.Scenery);
    }

    private void Lesson()
    {
        var p = _draft.Paragraph();
        p.Add(Line(_virtue.Praise), _brief.Length == StoryLength.Short ? Tier.Story : Tier.Core);
        if (_friend is not null)
            p.Add(Line(StoryBeats.RememberFriend), Tier.Story);
        p.Add(Line(StoryBeats.Reflection), Tier.Chatter);
        p.Add(Line(StoryBeats.Hug), Tier.Chatter);
        p.Add(Line(StoryBeats.Lesson));
    }

    private void GoodNight()
    {
        if (_brief.Length == StoryLength.Short)
        {
            var p = _draft.Paragraph();
            p.Add(Line(StoryBeats.GoingHomeQuickly));
            p.Add(Line(StoryBeats.Farewell), Tier.Story);
            p.Add(Line(StoryBeats.Snuggle), Tier.Story);
            AddSleepImage(p, Tier.Core);
            AddInspiration(p, 2);
            AddSleepImage(p, Tier.Scenery);
            p.Add(Line(StoryBeats.Drift), Tier.Chatter);
            p.Add(Line(StoryBeats.Final));
            return;
        }

        var home = _draft.Paragraph();
        home.Add(Line(StoryBeats.GoingHome));
        if (_brief.Length == StoryLength.Long)
        {
            home.Add(Line(StoryBeats.RiddleGame));
            home.Add(Line(StoryBeats.Riddle));
        }
        home.Add(Line(StoryBeats.Riddle), Tier.Chatter);
        if (_brief.Length == StoryLength.Long)
            AddOnce(home, StoryBeats.Riddle, Tier.Chatter);
        AddOnce(home, StoryBeats.Chatter, Tier.Chatter);
        AddScenery(home, Tier.Scenery);
        if (_brief.Length == StoryLength.Long && _scenery.TryDraw(out var view))
        {
            // The way home gets its own description, opened by a line that only makes sense with it.
            var wayHome = _draft.Paragraph();
            wayHome.Add($"{Line(StoryBeats.HomeWonder)} {view}", Tier.Scenery);
            AddScenery(wayHome, Tier.Scenery);
            AddOnce(wayHome, StoryBeats.OnAndOn, Tier.Chatter);
        }
        home.Add(Line(StoryBeats.Keepsake), Tier.Chatter);

        var bedtime = _draft.Paragraph();
        bedtime.Add(Line(StoryBeats.Snuggle));
        bedtime.Add(Line(StoryBeats.Lullaby), _brief.Length == StoryLength.Long ? Tier.Core : Tier.Chatter);
        bedtime.Add(Line(StoryBeats.Farewell), Tier.Story);
        AddSleepImage(bedtime, Tier.Scenery);

        var sleep = _draft.Paragraph();
        AddSleepImage(sleep, Tier.Core);
        AddInspiration(sleep, 2);
        AddSleepImage(sleep, Tier.Scenery);
        sleep.Add(Line(StoryBeats.GoodnightRound), Tier.Chatter);
        sleep.Add(Line(StoryBeats.Drift));
        sleep.Add(Line(StoryBeats.FarAwayYawn), Tier.Chatter);
        sleep.Add(Line(StoryBeats.Final));
    }

    private void AddSleepImage(DraftParagraph paragraph, Tier tier)
    {
        if (!_sleepImages.TryDraw(out var image))
            return;
        _slots.SetRendered("sleepImage", image);
        paragraph.Add(Line(StoryBeats.SleepImage), tier);
    }
}
