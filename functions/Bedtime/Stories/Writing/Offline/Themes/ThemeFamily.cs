using System.Text.Json.Serialization;

namespace Bedtime.Stories.Writing.Offline.Themes;

/// <summary>
/// A family of themes ("rockets and planets", "outer space", "astronauts" are all space) with its own cast, plot
/// problems and vocabulary, read from <c>Prose/themes/{key}.json</c>. Text fields are templates: clauses start
/// lowercase and carry no final full stop, so the composer can place them anywhere in a sentence.
/// </summary>
internal sealed class ThemeFamily
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public required string Key { get; init; }

    /// <summary>Which family wins when a theme's words match two equally (1 first); none for the fallback family.</summary>
    public int? Precedence { get; init; }

    /// <summary>Words in the parent's theme that pick this family (plurals are matched too).</summary>
    public required string[] Keywords { get; init; }

    /// <summary>Place phrase used when the brief has no setting, e.g. "on a quiet little planet".</summary>
    public required string DefaultSetting { get; init; }

    /// <summary>The <see cref="Virtue.Key"/> a story of this family builds to when the parent gives no moral.</summary>
    public required string DefaultVirtue { get; init; }

    /// <summary>Adjectives for "{Name}'s … Adventure".</summary>
    public required string[] TitleWords { get; init; }

    /// <summary>What the companion cries when things go right, e.g. "Great galaxies!".</summary>
    public required string[] Exclamations { get; init; }

    public required Companion[] Companions { get; init; }
    public required Problem[] Problems { get; init; }

    /// <summary>How they set off, a clause with "they" as subject.</summary>
    public required Wording Travel { get; init; }

    /// <summary>How they get back, a clause.</summary>
    public required Wording TravelHome { get; init; }

    /// <summary>Short sensory clauses in simple words.</summary>
    public required string[] Details { get; init; }

    /// <summary>Longer sensory clauses with richer words, for older children.</summary>
    public required string[] RichDetails { get; init; }

    /// <summary>Hiding places with their preposition, e.g. "behind a sleepy comet".</summary>
    public required string[] Places { get; init; }

    /// <summary>Something to find the way with.</summary>
    public required Thing Guide { get; init; }

    /// <summary>Something to pull with.</summary>
    public required Thing Rope { get; init; }

    /// <summary>Something to shine.</summary>
    public required Thing Light { get; init; }

    /// <summary>Small troubles on the way (long stories).</summary>
    public required Obstacle[] Obstacles { get; init; }

    /// <summary>Calm clauses for the good-night ending.</summary>
    public required string[] SleepImages { get; init; }

    /// <summary>A small gift from the companion, a noun phrase.</summary>
    public required string[] Keepsakes { get; init; }
}

/// <summary>A friend who comes to fetch the child. <see cref="Says"/> is the speech verb ("beeped").</summary>
internal sealed record Companion(string Name, string Intro, string Kind, string Says, string Arrival, string Happy, string Worried);

internal enum ProblemKind { Lost, Stuck, Dim, Scared }

/// <summary>
/// The trouble at the heart of the story: always a character (a baby star, the Moon, a stuck ship), so that kindness,
/// courage or patience can be what helps. <see cref="Where"/> is a phrase that fits "There, {where}, was {who}";
/// <see cref="Intro"/> says who a named character is ("the baby owl") where the story has not said so yet. The rich
/// forms are for older children.
/// </summary>
internal sealed record Problem(
    ProblemKind Kind, string Who, string Title, string Trouble, string Where, string State, string Fixed,
    string TroubleRich, string FixedRich, string? Intro = null);

/// <summary>A thing with its indefinite and definite forms: ("a crumpled star map", "the star map").</summary>
internal sealed record Thing(string A, string The);

internal sealed record Obstacle(string Trouble, string Solution);

/// <summary>A clause in simple words and a richer one for older children.</summary>
internal sealed record Wording(string Simple, string Rich);
