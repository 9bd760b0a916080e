using Azure.Storage.Queues.Models;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Uploads;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Jobs;

public sealed class UploadJobsFunction(UploadJobHandler handler)
{
    [Function(FunctionNames.UploadJobs)]
    public Task Run([QueueTrigger(QueueNames.UploadJobs, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}

public sealed class UploadJobsPoisonFunction(UploadPoisonHandler handler)
{
    [Function(FunctionNames.UploadJobsPoison)]
    public Task Run([QueueTrigger(QueueNames.UploadJobsPoison, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}
