namespace Bedtime.Platform;

/// <summary>Names of the Functions (trigger classes, the API catalogue and local runner jobs use the same names).</summary>
public static class FunctionNames
{
    public const string Health = "Health";
    public const string OpenApi = "OpenApi";
    public const string CreateStory = "CreateStory";
    public const string ListStories = "ListStories";
    public const string GetStory = "GetStory";
    public const string DeleteStory = "DeleteStory";
    public const string ListVoices = "ListVoices";
    public const string ExportMyData = "ExportMyData";
    public const string EraseMyData = "EraseMyData";
    public const string GetMyErasure = "GetMyErasure";
    public const string CreateUpload = "CreateUpload";
    public const string ListUploads = "ListUploads";
    public const string CreateUploadSession = "CreateUploadSession";
    public const string GetUpload = "GetUpload";
    public const string DeleteUpload = "DeleteUpload";
    public const string CompleteUpload = "CompleteUpload";
    public const string RotateSecrets = "RotateSecrets";
    public const string RunBackup = "RunBackup";
    public const string ListBackups = "ListBackups";
    public const string VerifyBackup = "VerifyBackup";
    public const string RestoreBackup = "RestoreBackup";
    public const string GetBackupOperation = "GetBackupOperation";
    public const string ListAudit = "ListAudit";

    public const string StoryJobs = "StoryJobs";
    public const string StoryJobsPoison = "StoryJobsPoison";
    public const string UploadJobs = "UploadJobs";
    public const string UploadJobsPoison = "UploadJobsPoison";
    public const string BackupOperations = "BackupOperations";
    public const string BackupOperationsPoison = "BackupOperationsPoison";
    public const string ErasureJobs = "ErasureJobs";
    public const string ErasureJobsPoison = "ErasureJobsPoison";
    public const string BackupTimer = "BackupTimer";
    public const string SecretRotationTimer = "SecretRotationTimer";
    public const string SweeperTimer = "SweeperTimer";
}
