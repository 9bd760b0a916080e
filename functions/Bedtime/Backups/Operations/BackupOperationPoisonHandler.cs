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
        if (JobMessage.TryParse(delivery.Text) is not { } message) return;
        for (var race = 0; race < 5; race++)
        {
            var operation = await operations.GetAsync(BackupOperation.Partition, message.JobId, cancellationToken);
            if (operation is null || operation.IsFinal) return;
            var failed = operation with
            {
                Status = BackupOperationStatus.Failed, FinishedAt = clock.GetUtcNow(),
                Error = new OperationError("retries_exhausted", "Gave up after repeated failures; the log has each one."),
            };
            if (await operations.ReplaceAsync(failed, operation.Id, BackupOperation.Partition, operation.ETag, cancellationToken) is not null)
            {
                LogExhausted(logger, operation.Id, operation.Kind);
                await audit.RecordAsync(operation.RequestedBy, AuditActions.BackupOperation(operation.Kind), operation.BackupId ?? operation.Id, AuditOutcome.Failed);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 7055, Level = LogLevel.Error, Message = "Backup operation {OperationId} ({Kind}) failed after exhausting its retries")]
    private static partial void LogExhausted(ILogger logger, string operationId, string kind);
}
