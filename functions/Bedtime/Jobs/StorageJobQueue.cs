using Azure.Storage.Queues;

namespace Bedtime.Jobs;

/// <summary>Queue Storage adapter. The client encodes base64, as the Functions trigger expects.</summary>
public sealed class StorageJobQueue(QueueServiceClient queues) : IJobQueue
{
    public async Task EnqueueAsync(string queueName, JobMessage message, CancellationToken cancellationToken) =>
        await queues.GetQueueClient(queueName).SendMessageAsync(message.ToJson(), cancellationToken);

    public async Task EnqueueLaterAsync(string queueName, JobMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        await queues.GetQueueClient(queueName).SendMessageAsync(message.ToJson(), visibilityTimeout: delay, cancellationToken: cancellationToken);
}
