namespace Bedtime.Stories;

public sealed record AudioResource(string Url, string ContentType, long Bytes, double DurationSeconds, DateTimeOffset ExpiresAt);

/// <summary>A narrated piece (the title when <see cref="Paragraph"/> is null, else that paragraph): a short-lived read-only link to its own audio, where it starts in the whole narration, its sentences' timings (within it).</summary>
public sealed record NarrationSegmentResource(
    int Index, int? Paragraph, double StartSeconds, double DurationSeconds, string Url, string ContentType, DateTimeOffset ExpiresAt,
    IReadOnlyList<SpokenSentence> Sentences);

/// <summary>The narration as far as it goes: the segments ready so far, in order, and their total length.</summary>
/// <param name="Status"><c>waiting</c> (no text yet), <c>narrating</c>, <c>completed</c>, <c>unavailable</c> (see the story's
/// <c>audioUnavailableReason</c>) or <c>failed</c>.</param>
public sealed record NarrationResource(string Status, IReadOnlyList<NarrationSegmentResource> Segments, double TotalSeconds)
{
    public static string StatusOf(StoryDocument story) => story switch
    {
        { Status: StoryStatus.Failed } => "failed",
        { AudioUnavailableReason: not null } => "unavailable",
        { Audio: not null } => "completed",
        { Status: StoryStatus.Narrating } or { Segments.Count: > 0 } => "narrating",
        _ => "waiting",
    };
}

/// <summary>A story as the API shows it. <see cref="Audio"/> is a short-lived read-only link to that one blob; <see cref="Narration"/> (null when narration was not asked for) lists what can play already.</summary>
public sealed record StoryResource(
    string Id, string Status, int Progress, StoryRequest Request, string? Title, IReadOnlyList<string> Paragraphs, int WordCount,
    AudioResource? Audio, NarrationResource? Narration, string? AudioUnavailableReason, StoryError? Error, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, DateTimeOffset? RetryDeadline)
{
    public static StoryResource From(StoryDocument story, AudioResource? audio, NarrationResource? narration) => new(
        story.Id, story.Status.ToString().ToLowerInvariant(), story.Progress, story.Request, story.Title, story.Paragraphs,
        story.WordCount, audio, narration, story.AudioUnavailableReason, story.Error, story.Attempts, story.CreatedAt, story.UpdatedAt,
        story.CompletedAt, story.RetryDeadline);
}

public sealed record StoryPage(IReadOnlyList<StoryResource> Items, string? Continuation);
