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
        p.Add(Line(Beats.Opening));
        p.Add(Line(Beats.ThemeLine));
        AddInspiration(p, 0);
        p.Add(Line(Beats.Routine), Tier.Chatter);
        p.Add(Line(Beats.Hook), Tier.Story);
    }

    private void Arrival()
    {
        var p = _draft.Paragraph();
        p.Add(Line(Beats.Arrival));
        p.Add(Line(Beats.Greeting), _brief.Length == StoryLength.Short ? Tier.Story : Tier.Core);
        p.Add(Line(Beats.Trouble));
        p.Add(Line(Beats.DreamCheck), Tier.Chatter);
    }

    private void SettingOff()
    {
        var p = _draft.Paragraph();
        p.Add(Line(Beats.Agree), Tier.Story);
        p.Add(Line(Beats.Travel));
        p.Add(Line(Beats.TravelChatter), Tier.Chatter);
        p.Add(Line(Beats.OnAndOn), Tier.Chatter);
        AddOnce(p, Beats.Chatter, Tier.Chatter);
        AddScenery(p, Tier.Scenery);
        if (_brief.Length == StoryLength.Short)
            AddInspiration(p, 1);
    }

    private void Wonder()
    {
        var p = _draft.Paragraph();
        p.Add(Line(Beats.Wonder));
        AddScenery(p, Tier.Core);
        AddScenery(p, Tier.Scenery);
        AddInspiration(p, 1);
        AddScenery(p, Tier.Scenery);
        p.Add(Line(Beats.WonderRemark), Tier.Chatter);
        AddOnce(p, Beats.Chatter, Tier.Chatter);
        AddOnce(p, Beats.TravelChatter, Tier.Chatter);
    }

    private void FriendOnTheWay()
    {
        var p = _draft.Paragraph();
        p.Add(Line(Beats.Friend));
        p.Add(_slots.Render(_virtue.Hint));
        p.Add(Line(Beats.FriendParting), Tier.Story);
        AddScenery(p, Tier.Scenery);
    }

    /// <summary>Both of the theme's small troubles on the way, each in its own paragraph.</summary>
    private void Obstacles()
    {
        var obstacles = new Deck<Obstacle>(_family.Obstacles, _random);
        while (obstacles.TryDraw(out var obstacle))
        {
            var p = _draft.Paragraph();
            p.Add(Line(Beats.ObstacleLead), Tier.Chatter);
            p.Add(_slots.Render(obstacle.Trouble));
            p.Add(_slots.Render(obstacle.Solution));
            p.Add(Line(Beats.Phew), Tier.Chatter);
            AddOnce(p, Beats.Chatter, Tier.Chatter);
            AddScenery(p, Tier.Scenery);
        }
    }

    private void Found()
    {
        var p = _draft.Paragraph();
        p.Add(Line(Beats.Found));
        p.Add(Line(Beats.FoundReaction), Tier.Story);
        p.Add(Line(Beats.Closer), Tier.Chatter);
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
                p.Add(Line(Beats.NextAttempt));
            p.Add(Line(attempts.Draw()));
            p.Add(Line(Beats.Setback), Tier.Chatter);
            if (i == failures - 1)
                p.Add(Line(Beats.Pause), Tier.Chatter);
        }
    }

    private void Resolution()
    {
        var p = _draft.Paragraph();
        p.Add(Line(_virtue.Resolution));
        p.Add(_slots.Render("{fixed}"));
        p.Add(Line(Beats.Celebrate), Tier.Story);
        p.Add(Line(Beats.Thanks), Tier.Chatter);
        p.Add(Line(Beats.Cheer), Tier.Chatter);
    }

    /// <summary>A celebration: part of the arc in long stories, optional colour in medium ones.</summary>
    private void Party()
    {
        if (_brief.Length == StoryLength.Short)
            return;
        var p = _draft.Paragraph();
        p.Add(Line(Beats.Party), _brief.Length == StoryLength.Long ? Tier.Core : Tier.Chatter);
        if (_friend is not null)
            p.Add(Line(Beats.FriendAtParty), Tier.Chatter);
        AddScenery(p, Tier.Scenery);
    }

    /// <summary>Long stories: a second, smaller rescue where the child uses the lesson again without being told.</summary>
    private void SecondRescue()
    {
        if (_secondProblem is null)
            return;
        var p = _draft.Paragraph();
        p.Add(Line(Beats.SecondCall));
        p.Add(_slots.Render("There, {where2}, was {who2}{intro2}. {state2}"));
        p.Add(Line(Beats.SecondTrouble), Tier.Chatter);
        p.Add(Line(Beats.KnewWhatToDo));
        p.Add(_slots.Render("{fixed2}"));
        AddScenery(p, Tier.Scenery);
    }

    private void Lesson()
    {
        var p = _draft.Paragraph();
        p.Add(Line(_virtue.Praise), _brief.Length == StoryLength.Short ? Tier.Story : Tier.Core);
        if (_friend is not null)
            p.Add(Line(Beats.RememberFriend), Tier.Story);
        p.Add(Line(Beats.Reflection), Tier.Chatter);
        p.Add(Line(Beats.Hug), Tier.Chatter);
        p.Add(Line(Beats.Lesson));
    }

    private void GoodNight()
    {
        if (_brief.Length == StoryLength.Short)
        {
            var p = _draft.Paragraph();
            p.Add(Line(Beats.GoingHomeQuickly));
            p.Add(Line(Beats.Farewell), Tier.Story);
            p.Add(Line(Beats.Snuggle), Tier.Story);
            AddSleepImage(p, Tier.Core);
            AddInspiration(p, 2);
            AddSleepImage(p, Tier.Scenery);
            p.Add(Line(Beats.Drift), Tier.Chatter);
            p.Add(Line(Beats.Final));
            return;
        }

        var home = _draft.Paragraph();
        home.Add(Line(Beats.GoingHome));
        if (_brief.Length == StoryLength.Long)
        {
            home.Add(Line(Beats.RiddleGame));
            home.Add(Line(Beats.Riddle));
        }
        home.Add(Line(Beats.Riddle), Tier.Chatter);
        if (_brief.Length == StoryLength.Long)
            AddOnce(home, Beats.Riddle, Tier.Chatter);
        AddOnce(home, Beats.Chatter, Tier.Chatter);
        AddScenery(home, Tier.Scenery);
        if (_brief.Length == StoryLength.Long && _scenery.TryDraw(out var view))
        {
            // The way home gets its own description, opened by a line that only makes sense with it.
            var wayHome = _draft.Paragraph();
            wayHome.Add($"{Line(Beats.HomeWonder)} {view}", Tier.Scenery);
            AddScenery(wayHome, Tier.Scenery);
            AddOnce(wayHome, Beats.OnAndOn, Tier.Chatter);
        }
        home.Add(Line(Beats.Keepsake), Tier.Chatter);

        var bedtime = _draft.Paragraph();
        bedtime.Add(Line(Beats.Snuggle));
        bedtime.Add(Line(Beats.Lullaby), _brief.Length == StoryLength.Long ? Tier.Core : Tier.Chatter);
        bedtime.Add(Line(Beats.Farewell), Tier.Story);
        AddSleepImage(bedtime, Tier.Scenery);

        var sleep = _draft.Paragraph();
        AddSleepImage(sleep, Tier.Core);
        AddInspiration(sleep, 2);
        AddSleepImage(sleep, Tier.Scenery);
        sleep.Add(Line(Beats.GoodnightRound), Tier.Chatter);
        sleep.Add(Line(Beats.Drift));
        sleep.Add(Line(Beats.FarAwayYawn), Tier.Chatter);
        sleep.Add(Line(Beats.Final));
    }

    private void AddSleepImage(DraftParagraph paragraph, Tier tier)
    {
        if (!_sleepImages.TryDraw(out var image))
            return;
        _slots.SetRendered("sleepImage", image);
        paragraph.Add(Line(Beats.SleepImage), tier);
    }
}
