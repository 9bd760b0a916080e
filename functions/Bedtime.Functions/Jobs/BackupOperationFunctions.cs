using Azure.Storage.Queues.Models;
using Bedtime.Backups.Operations;
using Bedtime.Jobs;
using Bedtime.Platform;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Jobs;

public sealed class BackupOperationsFunction(BackupOperationJobHandler handler)
{
    [Function(FunctionNames.BackupOperations)]
    public Task Run([QueueTrigger(QueueNames.BackupOperations, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}

public sealed class BackupOperationsPoisonFunction(BackupOperationPoisonHandler handler)
{
    [Function(FunctionNames.BackupOperationsPoison)]
    public Task Run([QueueTrigger(QueueNames.BackupOperationsPoison, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}
