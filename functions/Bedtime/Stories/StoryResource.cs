namespace Bedtime.Stories;

public sealed record AudioResource(string Url, string ContentType, long Bytes, double DurationSeconds, DateTimeOffset ExpiresAt);

/// <summary>A story as the API shows it. <see cref="Audio"/> is a short-lived read-only link to that one blob.</summary>
public sealed record StoryResource(
    string Id, string Status, int Progress, StoryRequest Request, string? Title, IReadOnlyList<string> Paragraphs, int WordCount,
    AudioResource? Audio, string? AudioUnavailableReason, StoryError? Error, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, DateTimeOffset? RetryDeadline)
{
    public static StoryResource From(StoryDocument story, AudioResource? audio) => new(
        story.Id, story.Status.ToString().ToLowerInvariant(), story.Progress, story.Request, story.Title, story.Paragraphs,
        story.WordCount, audio, story.AudioUnavailableReason, story.Error, story.Attempts, story.CreatedAt, story.UpdatedAt, story.CompletedAt,
        story.RetryDeadline);
}

public sealed record StoryPage(IReadOnlyList<StoryResource> Items, string? Continuation);
