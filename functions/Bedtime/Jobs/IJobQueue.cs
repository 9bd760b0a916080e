namespace Bedtime.Jobs;

/// <summary>Sends job messages to a named queue.</summary>
public interface IJobQueue
{
    Task EnqueueAsync(string queueName, JobMessage message, CancellationToken cancellationToken);
}
