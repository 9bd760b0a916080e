namespace Bedtime.Jobs;

/// <summary>Sends job messages to a named queue.</summary>
public interface IJobQueue
{
    Task EnqueueAsync(string queueName, JobMessage message, CancellationToken cancellationToken);

    /// <summary>Sends a message that stays invisible to the queue's readers for <paramref name="delay"/>.</summary>
    Task EnqueueLaterAsync(string queueName, JobMessage message, TimeSpan delay, CancellationToken cancellationToken);
}
