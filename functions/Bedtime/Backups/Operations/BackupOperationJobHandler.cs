using Bedtime.Audit;
using System.Text.Json;
using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Extensions.Logging;

namespace Bedtime.Backups.Operations;

/// <summary>
/// The <c>backup-operations</c> handler: runs a backup, a verification or a restore and records the outcome on its
/// operation. Idempotent: a finished operation is left alone. A crash midway leaves the message to come back: a backup
/// then starts afresh (the half one has no manifest, so it is never listed or restored), a verification reads again,
/// and a restore that had begun writing upserts the same documents again (same result). Outages and a backup lock
/// held by another run put the job off (<see cref="JobDeferral"/>) until the operation's retry deadline.
/// </summary>
public sealed partial class BackupOperationJobHandler(
    DocumentStore<BackupOperation> operations, BackupRunner runner, BackupVerifier verifier, BackupRestorer restorer,
    JobDeferral deferral, AuditTrail audit, TimeProvider clock, ILogger<BackupOperationJobHandler> logger) : IQueueHandler
{
    private static readonly TimeSpan LockHeldRetry = TimeSpan.FromSeconds(30);
    private const int MaxRaces = 3;

    public string FunctionName => FunctionNames.BackupOperations;
    public string QueueName => QueueNames.BackupOperations;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        if (JobMessage.TryParse(delivery.Text) is not { } message)
        {
            LogMalformed(logger, delivery.MessageId);
            return;
        }
        await deferral.RunAsync(QueueName, message, () => RunAsync(message.JobId, delivery.DequeueCount + message.Deferrals, cancellationToken), cancellationToken);
    }

    private async Task RunAsync(string id, long attempt, CancellationToken cancellationToken)
    {
        if (await StartAsync(id, attempt, cancellationToken) is not { } running) return;
        var (result, error) = running.Kind switch
        {
            BackupOperationKind.Backup => await BackupAsync(cancellationToken),
            BackupOperationKind.Verify => await VerifyAsync(running, cancellationToken),
            BackupOperationKind.Restore => await RestoreAsync(running, cancellationToken),
            _ => (null, new OperationError("unknown_operation", $"'{running.Kind}' is not an operation this version runs.")),
        };
        await FinishAsync(running, result, error, cancellationToken);
    }

    /// <returns>The operation marked running, or null when there is nothing to run (gone, finished, or past its deadline).</returns>
    private async Task<BackupOperation?> StartAsync(string id, long attempt, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var operation = await operations.GetAsync(BackupOperation.Partition, id, cancellationToken);
            if (operation is null) { LogGone(logger, id); return null; }
            if (operation.IsFinal) return null;
            var now = clock.GetUtcNow();
            if (JobDeadline.Expired(operation.RetryDeadline, attempt, now))
            {
                await FinishAsync(operation, null, new OperationError(JobDeadline.Code, JobDeadline.Message(operation.Error?.Message)), cancellationToken);
                return null;
            }
            var running = operation with { Status = BackupOperationStatus.Running, Attempts = (int)attempt, StartedAt = operation.StartedAt ?? now };
            if (await operations.ReplaceAsync(running, id, BackupOperation.Partition, operation.ETag, cancellationToken) is { } saved) return saved;
        }
        throw new RetryableJobException("contention", "The operation kept changing under this worker.");
    }

    private async Task<(JsonElement?, OperationError?)> BackupAsync(CancellationToken cancellationToken)
    {
        var manifest = await runner.RunAsync(BackupRunner.AdminTrigger, cancellationToken)
            ?? throw new RetryableJobException("backup_running", "Another backup run holds the backup lock.", LockHeldRetry);
        return (Json(manifest), manifest.Verified ? null
            : new OperationError("backup_not_verified", $"Backup {manifest.Id} was written but failed verification: {manifest.VerificationError}"));
    }

    private async Task<(JsonElement?, OperationError?)> VerifyAsync(BackupOperation operation, CancellationToken cancellationToken) =>
        BackupId.TryParse(operation.BackupId, out var id) && await verifier.VerifyAndRecordAsync(id, cancellationToken) is { } verified
            ? (Json(verified.Verification), null)
            : (null, NotFound(operation.BackupId));

    private async Task<(JsonElement?, OperationError?)> RestoreAsync(BackupOperation operation, CancellationToken cancellationToken)
    {
        if (!BackupId.TryParse(operation.BackupId, out var id)) return (null, NotFound(operation.BackupId));
        var request = operation.Restore ?? new RestoreRequest();
        // A rerun after a crash: the target was empty when the first run began writing, so what it holds now is ours.
        if (operation.Writing) request = request with { Overwrite = true };
        var current = operation;
        var restored = await restorer.RestoreAsync(id, request, async token =>
        {
            current = await operations.ReplaceAsync(current with { Writing = true }, current.Id, BackupOperation.Partition, current.ETag, token)
                ?? throw new RetryableJobException("contention", "The operation changed before its restore began writing.");
        }, cancellationToken);
        return restored.IsSuccess
            ? (Json(restored.Value! with { Overwrite = operation.Restore?.Overwrite ?? false }), null)
            : (null, new OperationError(restored.Error!.Code, $"{restored.Error.Title} {restored.Error.Detail}"));
    }

    private async Task FinishAsync(BackupOperation operation, JsonElement? result, OperationError? error, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var status = error is null ? BackupOperationStatus.Succeeded : BackupOperationStatus.Failed;
            var finished = operation with
            {
                Status = status, Result = result, Error = error, FinishedAt = clock.GetUtcNow(),
                BackupId = operation.BackupId ?? (result is { } r && r.TryGetProperty("id", out var made) ? made.GetString() : null),
            };
            if (await operations.ReplaceAsync(finished, operation.Id, BackupOperation.Partition, operation.ETag, cancellationToken) is not null)
            {
                if (error is null) LogSucceeded(logger, operation.Id, operation.Kind, finished.BackupId ?? "-");
                else LogFailed(logger, operation.Id, operation.Kind, error.Code, error.Message);
                await audit.RecordAsync(operation.RequestedBy, AuditActions.BackupOperation(operation.Kind), finished.BackupId ?? operation.Id,
                    error is null ? AuditOutcome.Succeeded : AuditOutcome.Failed);
                return;
            }
            if (await operations.GetAsync(BackupOperation.Partition, operation.Id, cancellationToken) is not { IsFinal: false } reloaded) return;
            operation = reloaded;
        }
        throw new RetryableJobException("contention", "The operation kept changing under this worker.");
    }

    private static OperationError NotFound(string? backupId) => new("not_found", $"There is no backup '{backupId}'.");

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, JsonDefaults.Options);

    [LoggerMessage(EventId = 7051, Level = LogLevel.Information, Message = "Backup operation {OperationId} ({Kind}) succeeded (backup {BackupId})")]
    private static partial void LogSucceeded(ILogger logger, string operationId, string kind, string backupId);

    [LoggerMessage(EventId = 7052, Level = LogLevel.Error, Message = "Backup operation {OperationId} ({Kind}) failed: {Code}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string operationId, string kind, string code, string reason);

    [LoggerMessage(EventId = 7053, Level = LogLevel.Warning, Message = "Backup operation {OperationId} no longer exists; its message is dropped")]
    private static partial void LogGone(ILogger logger, string operationId);

    [LoggerMessage(EventId = 7054, Level = LogLevel.Error, Message = "Message {MessageId} on backup-operations is not a job message; dropped")]
    private static partial void LogMalformed(ILogger logger, string messageId);
}
