using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Backups.Operations;

/// <summary>Accepts backup operations: stores the operation, then queues its job. Nothing is half-accepted: when the
/// message cannot be sent, the operation is removed again and the caller sees the failure (a 503 for an outage).</summary>
public sealed partial class BackupOperations(
    DocumentStore<BackupOperation> operations, IJobQueue queue, IOptions<JobsOptions> jobs, TimeProvider clock, ILogger<BackupOperations> logger)
{
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(3);

    public async Task<BackupOperation> AcceptAsync(string kind, string? backupId, RestoreRequest? restore, string requestedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var operation = new BackupOperation
        {
            Id = ResourceIds.NewOperation(), Kind = kind, BackupId = backupId, Restore = restore, Status = BackupOperationStatus.Queued,
            RequestedBy = requestedBy, CreatedAt = now, RetryDeadline = now + jobs.Value.RetryBudget,
        };
        await operations.CreateAsync(operation, BackupOperation.Partition, cancellationToken);
        try
        {
            await queue.EnqueueAsync(QueueNames.BackupOperations, JobMessage.Create(operation.Id, BackupOperation.Partition, kind, clock), cancellationToken);
        }
        catch
        {
            // Bounded on its own: the request may be cancelled already. Should this fail too, the operation stays queued
            // with no job, and is shown failed once its deadline passes (BackupOperationResource.From).
            using var undo = new CancellationTokenSource(UndoTimeout);
            await operations.DeleteAsync(BackupOperation.Partition, operation.Id, undo.Token);
            throw;
        }
        LogAccepted(logger, operation.Id, kind, backupId ?? "-", requestedBy);
        return operation;
    }

    public Task<BackupOperation?> GetAsync(string id, CancellationToken cancellationToken) =>
        operations.GetAsync(BackupOperation.Partition, id, cancellationToken);

    [LoggerMessage(EventId = 7050, Level = LogLevel.Information, Message = "Backup operation {OperationId} ({Kind}, backup {BackupId}) accepted from {RequestedBy}")]
    private static partial void LogAccepted(ILogger logger, string operationId, string kind, string backupId, string requestedBy);
}
