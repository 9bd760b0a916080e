namespace Bedtime.Platform;

/// <summary>
/// Every metric name the application emits. Alert rules and the workbook in infra/ query these exact names
/// (Application Insights stores them in <c>customMetrics</c>); a test keeps the two in step.
/// </summary>
public static class TelemetryNames
{
    public const string Meter = "Bedtime";

    public const string StoriesRequested = "bedtime.stories.requested";
    public const string StoriesCompleted = "bedtime.stories.completed";
    public const string StoriesFailed = "bedtime.stories.failed";
    public const string StoryEndToEndSeconds = "bedtime.stories.end_to_end_seconds";
    public const string StoryGenerationSeconds = "bedtime.stories.generation_seconds";
    public const string StoryNarrationSeconds = "bedtime.stories.narration_seconds";
    /// <summary>From a story's creation to its first playable segment.</summary>
    public const string StoryFirstAudioSeconds = "bedtime.stories.first_audio_seconds";
    public const string StoryTokens = "bedtime.stories.tokens";
    public const string UploadsReceived = "bedtime.uploads.received";
    public const string UploadsRejected = "bedtime.uploads.rejected";
    public const string UploadsFailed = "bedtime.uploads.failed";
    public const string JobsPoisoned = "bedtime.jobs.poisoned";
    public const string JobsSwept = "bedtime.jobs.swept";
    public const string BackupSeconds = "bedtime.backups.duration_seconds";
    public const string BackupDocuments = "bedtime.backups.documents";
    public const string BackupBytes = "bedtime.backups.bytes";
    public const string BackupsSucceeded = "bedtime.backups.succeeded";
    public const string BackupsFailed = "bedtime.backups.failed";
    public const string SecretsRotated = "bedtime.secrets.rotated";
    public const string SecretsExpiring = "bedtime.secrets.expiring_days";
    public const string RateLimitRejected = "bedtime.ratelimit.rejected";
    public const string RateLimitStoreUnavailable = "bedtime.ratelimit.store_unavailable";
    public const string HealthChecksFailed = "bedtime.health.unhealthy";
}
