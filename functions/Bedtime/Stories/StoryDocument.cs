using System.Text.Json.Serialization;

namespace Bedtime.Stories;

public enum StoryStatus { Queued, Writing, Narrating, Completed, Failed }

public sealed record StoryError(string Code, string Message);

/// <summary>Where a story's audio lives: a server-named blob in the <c>audio</c> container.</summary>
public sealed record StoredAudio(string BlobName, string ContentType, long Bytes, double DurationSeconds);

/// <summary>A sentence as it is heard: seconds within its segment's audio.</summary>
public sealed record SpokenSentence(string Text, double StartSeconds, double EndSeconds);

/// <summary>
/// One narrated piece of the story — the title (<see cref="Paragraph"/> null, always first, so a child hears something
/// within seconds), then one per paragraph: its own blob, where it starts in the joined narration, and its sentences'
/// timings. <see cref="Fingerprint"/> names what was narrated (engine, voice, language, sentences),
/// so a resumed job reuses a segment only when the text it would narrate is the same.
/// </summary>
public sealed record StoredSegment(
    int? Paragraph, string BlobName, string ContentType, long Bytes, double StartSeconds, double DurationSeconds, string Fingerprint,
    IReadOnlyList<SpokenSentence> Sentences);

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
    /// <summary>The paragraphs narrated so far, in order; while narrating, each is playable before the whole file exists.</summary>
    public IReadOnlyList<StoredSegment> Segments { get; init; } = [];
    /// <summary>The joined narration, once every segment exists.</summary>
    public StoredAudio? Audio { get; init; }
    /// <summary>Why the story has no audio although narration was asked for (e.g. no speech engine).</summary>
    public string? AudioUnavailableReason { get; init; }
    public StoryError? Error { get; init; }
    /// <summary>The last transient failure, kept for operators and for the poison handler's message.</summary>
    public StoryError? LastTransientError { get; init; }
    public int Attempts { get; init; }
    /// <summary>Being written again with a stricter brief because the first text failed the content check (it is, once).</summary>
    public bool Strict { get; init; }
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
    /// <summary>The whole text is written and checked (paragraphs stored while writing are a draft until then).</summary>
    [JsonIgnore] public bool HasText => Paragraphs.Count > 0 && Status is not (StoryStatus.Queued or StoryStatus.Writing);
    /// <summary>The story failed: a draft written so far is not the story, and no narration is kept (its blobs are deleted by the caller).</summary>
    public StoryDocument Failed(StoryError error, DateTimeOffset now) => (HasText ? this : this with { Title = null, Paragraphs = [], WordCount = 0 }) with
    {
        Status = StoryStatus.Failed, Error = error, CompletedAt = now, UpdatedAt = now, Segments = [],
    };

    [JsonIgnore] public bool NeedsNarration => Request.WantsNarration && Audio is null && AudioUnavailableReason is null;
}
