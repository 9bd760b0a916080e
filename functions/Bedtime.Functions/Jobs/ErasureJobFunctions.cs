using Azure.Storage.Queues.Models;
using Bedtime.DataRights.Erasure;
using Bedtime.Jobs;
using Bedtime.Platform;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Jobs;

public sealed class ErasureJobsFunction(ErasureJobHandler handler)
{
    [Function(FunctionNames.ErasureJobs)]
    public Task Run([QueueTrigger(QueueNames.ErasureJobs, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}

public sealed class ErasureJobsPoisonFunction(ErasurePoisonHandler handler)
{
    [Function(FunctionNames.ErasureJobsPoison)]
    public Task Run([QueueTrigger(QueueNames.ErasureJobsPoison, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}
