using Bedtime.Audit;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Extensions.Logging;

namespace Bedtime.Backups.Operations;

/// <summary>The <c>backup-operations-poison</c> handler: an operation whose job failed every delivery is failed with
/// <c>retries_exhausted</c>, so nobody polls a "running" operation forever.</summary>
public sealed partial class BackupOperationPoisonHandler(
    DocumentStore<BackupOperation> operations, AuditTrail audit, TimeProvider clock, ILogger<BackupOperationPoisonHandler> logger) : IQueueHandler
{
    public string FunctionName => FunctionNames.BackupOperationsPoison;
    public string QueueName => QueueNames.BackupOperationsPoison;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        var failed = await PoisonedJob.FailAsync(delivery, (m, ct) => operations.GetAsync(BackupOperation.Partition, m.JobId, ct), o => o.IsFinal, (operation, ct) =>
            operations.ReplaceAsync(operation with
            {
                Status = BackupOperationStatus.Failed, FinishedAt = clock.GetUtcNow(),
                Error = new OperationError(PoisonedJob.Code, "Gave up after repeated failures; the log has each one."),
            }, operation.Id, BackupOperation.Partition, operation.ETag, ct), cancellationToken);
        if (failed is null) return;
        LogExhausted(logger, failed.Id, failed.Kind);
        await audit.RecordAsync(failed.RequestedBy, AuditActions.BackupOperation(failed.Kind), failed.BackupId ?? failed.Id, AuditOutcome.Failed);
    }

    [LoggerMessage(EventId = 7055, Level = LogLevel.Error, Message = "Backup operation {OperationId} ({Kind}) failed after exhausting its retries")]
    private static partial void LogExhausted(ILogger logger, string operationId, string kind);
}
