namespace Bedtime.Platform;

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
