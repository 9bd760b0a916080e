using System.Text.Json.Serialization;

namespace Bedtime.Stories;

public enum StoryStatus { Queued, Writing, Narrating, Completed, Failed }

public sealed record StoryError(string Code, string Message);

/// <summary>Where a story's audio lives: a server-named blob in the <c>audio</c> container.</summary>
public sealed record StoredAudio(string BlobName, string ContentType, long Bytes, double DurationSeconds);

/// <summary>
/// A story as stored in Cosmos DB (container <c>stories</c>, partition <c>/ownerId</c>): the source of truth for the
/// job; queue messages only point at it. State moves forward only, each change guarded by <see cref="ETag"/>.
/// </summary>
public sealed record StoryDocument
{
    public const int CurrentSchemaVersion = 1;

    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public StoryStatus Status { get; init; }
    public int Progress { get; init; }
    public required StoryRequest Request { get; init; }
    public IReadOnlyList<StoryInspiration> Inspirations { get; init; } = [];
    public int Seed { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Paragraphs { get; init; } = [];
    public int WordCount { get; init; }
    public StoredAudio? Audio { get; init; }
    /// <summary>Why the story has no audio although narration was asked for (e.g. no speech engine).</summary>
    public string? AudioUnavailableReason { get; init; }
    public StoryError? Error { get; init; }
    /// <summary>The last transient failure, kept for operators and for the poison handler's message.</summary>
    public StoryError? LastTransientError { get; init; }
    public int Attempts { get; init; }
    /// <summary>Until when failures that are not the story's own are retried (<see cref="Jobs.JobDeadline"/>); null on
    /// stories stored before deadlines existed.</summary>
    public DateTimeOffset? RetryDeadline { get; init; }
    /// <summary>When the sweeper re-queued the story because it sat queued past the processing timeout (it does so once).</summary>
    public DateTimeOffset? RequeuedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    [JsonIgnore] public bool IsFinal => Status is StoryStatus.Completed or StoryStatus.Failed;
    [JsonIgnore] public bool HasText => Paragraphs.Count > 0;
    [JsonIgnore] public bool NeedsNarration => Request.WantsNarration && Audio is null && AudioUnavailableReason is null;
}
