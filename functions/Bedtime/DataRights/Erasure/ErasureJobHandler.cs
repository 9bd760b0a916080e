using Bedtime.Audit;
using Bedtime.Backups;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Microsoft.Extensions.Logging;

namespace Bedtime.DataRights.Erasure;

/// <summary>
/// The <c>erasure-jobs</c> handler. The erasure record goes first, so a restore from then on skips the owner whatever
/// happens next; then the data (<see cref="AccountEraser"/>); then the record is marked finished. A crash or a failure
/// anywhere leaves the message to the queue, and the next delivery does what is left.
/// </summary>
public sealed partial class ErasureJobHandler(
    DocumentStore<ErasureDocument> erasures, AccountEraser eraser, ErasureRecords records, AuditTrail audit, TimeProvider clock,
    ILogger<ErasureJobHandler> logger) : IQueueHandler
{
    public string FunctionName => FunctionNames.ErasureJobs;
    public string QueueName => QueueNames.ErasureJobs;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        if (JobMessage.TryParse(delivery.Text) is not { } message)
        {
            LogNotAJob(logger, delivery.MessageId);
            return;
        }
        var owner = message.OwnerId;
        var erasure = await erasures.GetAsync(owner, ErasureDocument.DocumentId, cancellationToken);
        if (erasure is null || erasure.IsFinal) return; // a message of an erasure that has ended
        var hash = OwnerHash.Of(owner);
        await records.RecordAsync(new ErasureRecord(hash, erasure.RequestedAt, null), cancellationToken);
        erasure = await SaveAsync(erasure, e => e with { Status = ErasureStatus.Erasing, Attempts = e.Attempts + 1 }, cancellationToken);

        var data = await eraser.EraseStoriesAndUploadsAsync(owner, cancellationToken);
        erasure = await SaveAsync(erasure, e => e with { Erased = e.Erased.Plus(data) }, cancellationToken);
        var shortLived = await eraser.EraseRecordsAsync(owner, cancellationToken);

        var completedAt = clock.GetUtcNow();
        await records.RecordAsync(new ErasureRecord(hash, erasure.RequestedAt, completedAt), cancellationToken);
        erasure = await SaveAsync(erasure, e => e with { Status = ErasureStatus.Completed, CompletedAt = completedAt, Erased = e.Erased.Plus(shortLived) }, cancellationToken);
        LogCompleted(logger, hash, erasure.Erased.Stories, erasure.Erased.Uploads, erasure.Erased.Blobs, erasure.Erased.Records, erasure.Attempts);
        await audit.RecordAsync(AuditActors.Owner(owner), AuditActions.Erasure, AuditActors.Owner(owner), AuditOutcome.Succeeded);
    }

    /// <summary>Saves a change, re-reading on a lost race (only this job changes a running erasure, so a race is a redelivery).</summary>
    private async Task<ErasureDocument> SaveAsync(ErasureDocument erasure, Func<ErasureDocument, ErasureDocument> change, CancellationToken cancellationToken)
    {
        for (var race = 0; race < 5; race++)
        {
            if (await erasures.ReplaceAsync(change(erasure), erasure.Id, erasure.OwnerId, erasure.ETag, cancellationToken) is { } saved)
                return saved;
            erasure = await erasures.GetAsync(erasure.OwnerId, erasure.Id, cancellationToken)
                ?? throw new InvalidOperationException("The erasure's record vanished while it ran.");
        }
        throw new InvalidOperationException("The erasure's record kept changing while it ran.");
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Erased everything owner {OwnerHash} held: {Stories} stories, {Uploads} uploads, {Blobs} blobs, {Records} short-lived records ({Attempts} attempts)")]
    private static partial void LogCompleted(ILogger logger, string ownerHash, int stories, int uploads, int blobs, int records, int attempts);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Message {MessageId} on erasure-jobs is not a job message; dropped")]
    private static partial void LogNotAJob(ILogger logger, string messageId);
}

/// <summary>The <c>erasure-jobs-poison</c> handler: an erasure that failed every delivery is shown failed, so the owner can ask
/// again (its record stays unfinished, so restores keep skipping the owner meanwhile).</summary>
public sealed partial class ErasurePoisonHandler(DocumentStore<ErasureDocument> erasures, AuditTrail audit, ILogger<ErasurePoisonHandler> logger) : IQueueHandler
{
    public string FunctionName => FunctionNames.ErasureJobsPoison;
    public string QueueName => QueueNames.ErasureJobsPoison;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        var failed = await PoisonedJob.FailAsync(delivery, (m, ct) => erasures.GetAsync(m.OwnerId, ErasureDocument.DocumentId, ct), e => e.IsFinal, (erasure, ct) =>
            erasures.ReplaceAsync(erasure with
            {
                Status = ErasureStatus.Failed,
                Error = new ErasureError(PoisonedJob.Code, "The erasure gave up after repeated failures; ask for it again (DELETE /api/me)."),
            }, erasure.Id, erasure.OwnerId, erasure.ETag, ct), cancellationToken);
        if (failed is null) return;
        LogExhausted(logger, OwnerHash.Of(failed.OwnerId));
        await audit.RecordAsync(AuditActors.Owner(failed.OwnerId), AuditActions.Erasure, AuditActors.Owner(failed.OwnerId), AuditOutcome.Failed);
    }

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Erasure for owner {OwnerHash} failed after exhausting its retries; the owner's data may be partly erased")]
    private static partial void LogExhausted(ILogger logger, string ownerHash);
}
