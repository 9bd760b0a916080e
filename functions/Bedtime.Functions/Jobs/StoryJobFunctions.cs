using Azure.Storage.Queues.Models;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Stories;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Jobs;

public sealed class StoryJobsFunction(StoryJobHandler handler)
{
    [Function(FunctionNames.StoryJobs)]
    public Task Run([QueueTrigger(QueueNames.StoryJobs, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}

public sealed class StoryJobsPoisonFunction(StoryPoisonHandler handler)
{
    [Function(FunctionNames.StoryJobsPoison)]
    public Task Run([QueueTrigger(QueueNames.StoryJobsPoison, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(new QueueDelivery(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn), cancellationToken);
}
