namespace Bedtime.Platform;

/// <summary>Route templates (relative to the <c>/api</c> prefix) shared by the Functions triggers and the local runner.
/// Operator routes live under <c>ops/</c>: the Functions host refuses to load any HTTP function whose route starts
/// with <c>admin</c> or <c>runtime</c>, whatever the route prefix (FunctionsHostRules in Bedtime.Local checks it).</summary>
public static class Routes
{
    public const string Prefix = "api";
    public const string Health = "health";
    public const string OpenApi = "openapi.json";
    public const string Stories = "stories";
    public const string Story = "stories/{id}";
    public const string Uploads = "uploads";
    public const string Upload = "uploads/{id}";
    public const string UploadSessions = "uploads/sessions";
    public const string UploadComplete = "uploads/{id}/complete";
    public const string OpsBackups = "ops/backups";
    public const string OpsBackupVerify = "ops/backups/{id}/verify";
    public const string OpsBackupRestore = "ops/backups/{id}/restore";
    public const string OpsOperation = "ops/operations/{id}";
    public const string OpsSecretsRotate = "ops/secrets/rotate";
}

/// <summary>Storage queue names. A failed message moves to <c>{queue}-poison</c>, as the Functions host does.</summary>
public static class QueueNames
{
    public const string StoryJobs = "story-jobs";
    public const string UploadJobs = "upload-jobs";
    public const string PoisonSuffix = "-poison";
    public const string StoryJobsPoison = StoryJobs + PoisonSuffix;
    public const string UploadJobsPoison = UploadJobs + PoisonSuffix;
    public const string BackupOperations = "backup-operations";
    public const string BackupOperationsPoison = BackupOperations + PoisonSuffix;

    public static readonly IReadOnlyList<string> All = [StoryJobs, UploadJobs, BackupOperations, StoryJobsPoison, UploadJobsPoison, BackupOperationsPoison];
}

/// <summary>Private blob containers. Blob names inside them are always server-generated.</summary>
public static class BlobContainers
{
    public const string Uploads = "uploads";
    public const string Audio = "audio";
    public const string Backups = "backups";

    public static readonly IReadOnlyList<string> All = [Uploads, Audio, Backups];
}

/// <summary>Cosmos DB containers; all partitioned by <see cref="PartitionKeyPath"/>.</summary>
public static class CosmosContainers
{
    public const string Stories = "stories";
    public const string Uploads = "uploads";
    /// <summary>Short-lived records (idempotency keys, rate-limit windows, locks); TTL on, per-item expiry.</summary>
    public const string Expiring = "expiring";
    public const string PartitionKeyPath = "/ownerId";

    public static readonly IReadOnlyList<string> All = [Stories, Uploads, Expiring];
}

/// <summary>Names of the settings that hold the timers' 6-field NCRONTAB schedules (<c>%NAME%</c> in trigger attributes).</summary>
public static class ScheduleSettings
{
    public const string Backup = "BACKUP_SCHEDULE";
    public const string SecretRotation = "SECRET_ROTATION_SCHEDULE";
    public const string Sweeper = "SWEEPER_SCHEDULE";
}

/// <summary>Names of the Functions (trigger classes and local runner jobs use the same names).</summary>
public static class FunctionNames
{
    public const string StoryJobs = "StoryJobs";
    public const string StoryJobsPoison = "StoryJobsPoison";
    public const string UploadJobs = "UploadJobs";
    public const string UploadJobsPoison = "UploadJobsPoison";
    public const string BackupOperations = "BackupOperations";
    public const string BackupOperationsPoison = "BackupOperationsPoison";
    public const string BackupTimer = "BackupTimer";
    public const string SecretRotationTimer = "SecretRotationTimer";
    public const string SweeperTimer = "SweeperTimer";
}
