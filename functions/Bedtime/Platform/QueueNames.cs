namespace Bedtime.Platform;

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

    public const string ErasureJobs = "erasure-jobs";
    public const string ErasureJobsPoison = ErasureJobs + PoisonSuffix;

    public static readonly IReadOnlyList<string> All =
        [StoryJobs, UploadJobs, BackupOperations, ErasureJobs, StoryJobsPoison, UploadJobsPoison, BackupOperationsPoison, ErasureJobsPoison];
}
