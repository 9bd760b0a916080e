using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Stories;
using Bedtime.Uploads;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Jobs.Sweeping;

/// <summary>
/// The sweeper timer (every 5 minutes): finds jobs whose worker died and settles them.
/// <list type="bullet">
/// <item>A story still <c>queued</c> after the processing timeout is re-queued once (its message may have been lost
/// between storing the story and queueing it; the job handler is idempotent, so a duplicate message is harmless).</item>
/// <item>Stories and uploads being worked on, not updated within the processing timeout and past their retry deadline,
/// fail with <c>deadline_exceeded</c>, as a retry after the deadline would (<see cref="JobDeadline"/>). Before the
/// deadline they are left to their queue message, which is retried or put off until then.</item>
/// <item>Upload sessions past their expiry are deleted (an expired session can no longer complete), and so are direct
/// uploads still <c>receiving</c> after the longest a request can take: a crash or an outage cut them off. Their blob,
/// which a completion or an upload cut off midway may have stored, goes first, so a sweep cut off in turn is retried.</item>
/// <item>Blobs clients wrote through session links are deleted once every link that could have written them has
/// expired: until then they stay, so a create-only link cannot write again; after, nothing can recreate them.</item>
/// </list>
/// Every change is ETag-guarded against the document as the query saw it: one that moved meanwhile is left alone.
/// </summary>
public sealed partial class Sweeper(
    DocumentStore<StoryDocument> stories, StoryAudio audio, DocumentStore<UploadDocument> uploads, UploadStreaming streaming, IJobQueue queue,
    StoryMetrics storyMetrics, UploadMetrics uploadMetrics, SweeperMetrics metrics, IOptions<JobsOptions> options,
    IOptions<UploadOptions> uploadOptions, IOptions<HttpOptions> httpOptions, TimeProvider clock, ILogger<Sweeper> logger) : ITimerJob
{
    /// <summary>Links are signed to start two minutes early (clock skew); wait that and a little more past their lifetime.</summary>
    private static readonly TimeSpan LinkSkew = TimeSpan.FromMinutes(5);

    /// <summary>Between instances' clocks, which stamp <c>updatedAt</c>.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public string FunctionName => FunctionNames.SweeperTimer;
    public string ScheduleSetting => ScheduleSettings.Sweeper;

    public async Task RunAsync(TimerRun run, CancellationToken cancellationToken)
    {
        var result = await SweepAsync(cancellationToken);
        if (result.Total > 0)
            LogSwept(logger, result.StoriesFailed, result.StoriesRequeued, result.UploadsFailed, result.SessionsDeleted, result.StagedBlobsDeleted, result.UploadsAbandoned);
    }

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.ProcessingTimeout;
        var (failed, requeued) = await SweepStoriesAsync(now, cutoff, cancellationToken);
        var uploadsFailed = await SweepUploadsAsync(now, cutoff, cancellationToken);
        var sessions = await DeleteExpiredSessionsAsync(now, cancellationToken);
        var abandoned = await DeleteAbandonedUploadsAsync(now - uploadOptions.Value.ReceiveTimeout - httpOptions.Value.RequestTimeout - ClockSkew, cancellationToken);
        var staged = await streaming.DeleteStagedBeforeAsync(now - uploadOptions.Value.SessionLifetime - LinkSkew, cancellationToken);
        for (var i = 0; i < staged; i++) metrics.Swept("staged_blob", "deleted");
        return new SweepResult(failed, requeued, uploadsFailed, sessions, staged, abandoned);
    }

    private async Task<(int Failed, int Requeued)> SweepStoriesAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        int failed = 0, requeued = 0;
        var query = Stale(StoryStatus.Queued, StoryStatus.Writing, StoryStatus.Narrating).WithParameter("@cutoff", cutoff);
        await foreach (var story in CrossPartitionQuery.ReadAllAsync<StoryDocument>(stories.Container, query, cancellationToken))
        {
            if (story.IsFinal || story.UpdatedAt >= cutoff) continue;
            if (story.Status == StoryStatus.Queued && story.RequeuedAt is null)
            {
                // Mark first, then queue: of two sweepers only the one whose mark lands sends the message.
                if (await stories.ReplaceAsync(story with { RequeuedAt = now, UpdatedAt = now }, story.Id, story.OwnerId, story.ETag, cancellationToken) is null) continue;
                await queue.EnqueueAsync(QueueNames.StoryJobs, JobMessage.Create(story.Id, story.OwnerId, "story", clock), cancellationToken);
                metrics.Swept("story", "requeued");
                LogRequeued(logger, story.Id);
                requeued++;
                continue;
            }
            if (now < JobDeadline.Of(story.RetryDeadline, story.CreatedAt, options.Value)) continue;
            var timedOut = story.Failed(new StoryError(JobDeadline.Code, JobDeadline.Message(story.LastTransientError?.Message)), now);
            await audio.DeleteSegmentsAsync(story.Id, cancellationToken);
            if (await stories.ReplaceAsync(timedOut, story.Id, story.OwnerId, story.ETag, cancellationToken) is null) continue;
            storyMetrics.Failed(JobDeadline.Code);
            metrics.Swept("story", "failed");
            LogStoryTimedOut(logger, story.Id, story.Status);
            failed++;
        }
        return (failed, requeued);
    }

    private async Task<int> SweepUploadsAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var failed = 0;
        var query = Stale(UploadStatus.Scanning, UploadStatus.Processing).WithParameter("@cutoff", cutoff);
        await foreach (var upload in CrossPartitionQuery.ReadAllAsync<UploadDocument>(uploads.Container, query, cancellationToken))
        {
            if (upload.Status is not (UploadStatus.Scanning or UploadStatus.Processing) || upload.UpdatedAt >= cutoff) continue;
            if (now < JobDeadline.Of(upload.RetryDeadline, upload.CreatedAt, options.Value)) continue;
            var timedOut = upload with
            {
                Status = UploadStatus.Failed, UpdatedAt = now,
                Error = new UploadError(JobDeadline.Code, JobDeadline.Message(upload.LastTransientError?.Message)),
            };
            if (await uploads.ReplaceAsync(timedOut, upload.Id, upload.OwnerId, upload.ETag, cancellationToken) is null) continue;
            uploadMetrics.Failed(JobDeadline.Code);
            metrics.Swept("upload", "failed");
            LogUploadTimedOut(logger, upload.Id, upload.Status);
            failed++;
        }
        return failed;
    }

    private async Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var query = new QueryDefinition("SELECT * FROM c WHERE c.status = @pending AND c.sessionExpiresAt < @now")
            .WithParameter("@pending", StatusName(UploadStatus.Pending)).WithParameter("@now", now);
        await foreach (var upload in CrossPartitionQuery.ReadAllAsync<UploadDocument>(uploads.Container, query, cancellationToken))
        {
            if (upload.Status != UploadStatus.Pending || upload.SessionExpiresAt is not { } expires || expires >= now) continue;
            // Its staged blob, if any, goes with the other staged blobs once its link has expired.
            if (!await RemoveAsync(upload, cancellationToken)) continue;
            metrics.Swept("upload_session", "deleted");
            deleted++;
        }
        return deleted;
    }

    private async Task<int> DeleteAbandonedUploadsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var upload in CrossPartitionQuery.ReadAllAsync<UploadDocument>(uploads.Container, Stale(UploadStatus.Receiving).WithParameter("@cutoff", cutoff), cancellationToken))
        {
            if (upload.Status != UploadStatus.Receiving || upload.UpdatedAt >= cutoff || !await RemoveAsync(upload, cancellationToken)) continue;
            metrics.Swept("upload_receiving", "deleted");
            LogAbandoned(logger, upload.Id);
            deleted++;
        }
        return deleted;
    }

    /// <summary>The blob, then the record as the query saw it.</summary>
    private async Task<bool> RemoveAsync(UploadDocument upload, CancellationToken cancellationToken)
    {
        await streaming.DeleteAsync(upload.BlobName, cancellationToken);
        return await uploads.DeleteAsync(upload.OwnerId, upload.Id, cancellationToken, upload.ETag);
    }

    /// <summary>Documents in one of the states not updated since <c>@cutoff</c>, across all owners.</summary>
    private static QueryDefinition Stale<TStatus>(params TStatus[] statuses) where TStatus : struct, Enum
    {
        var names = statuses.Select((_, i) => "@s" + i).ToList();
        var query = new QueryDefinition($"SELECT * FROM c WHERE c.status IN ({string.Join(", ", names)}) AND c.updatedAt < @cutoff");
        for (var i = 0; i < statuses.Length; i++) query = query.WithParameter(names[i], StatusName(statuses[i]));
        return query;
    }

    /// <summary>How documents store a status: the enum's name in camelCase.</summary>
    private static string StatusName<TStatus>(TStatus status) where TStatus : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "Story {StoryId} sat in state {Status} past its retry deadline; marked failed")]
    private static partial void LogStoryTimedOut(ILogger logger, string storyId, StoryStatus status);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Story {StoryId} sat queued past the processing timeout; queued again")]
    private static partial void LogRequeued(ILogger logger, string storyId);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Upload {UploadId} sat in state {Status} past its retry deadline; marked failed")]
    private static partial void LogUploadTimedOut(ILogger logger, string uploadId, UploadStatus status);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Upload {UploadId} was still receiving long after any request could have ended; deleted with its blob")]
    private static partial void LogAbandoned(ILogger logger, string uploadId);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Sweep: {StoriesFailed} stories failed, {StoriesRequeued} re-queued, {UploadsFailed} uploads failed, {SessionsDeleted} expired sessions deleted, {StagedBlobsDeleted} staged blobs deleted, {UploadsAbandoned} abandoned uploads deleted")]
    private static partial void LogSwept(ILogger logger, int storiesFailed, int storiesRequeued, int uploadsFailed, int sessionsDeleted, int stagedBlobsDeleted, int uploadsAbandoned);
}
