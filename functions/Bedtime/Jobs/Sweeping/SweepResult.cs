namespace Bedtime.Jobs.Sweeping;

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(int StoriesFailed, int StoriesRequeued, int UploadsFailed, int SessionsDeleted, int StagedBlobsDeleted = 0, int UploadsAbandoned = 0)
{
    public int Total => StoriesFailed + StoriesRequeued + UploadsFailed + SessionsDeleted + StagedBlobsDeleted + UploadsAbandoned;
}
