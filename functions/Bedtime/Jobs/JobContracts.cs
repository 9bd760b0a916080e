namespace Bedtime.Jobs;

/// <summary>One delivery of a queue message, as a queue trigger sees it.</summary>
public sealed record QueueDelivery(string MessageId, string Text, long DequeueCount, DateTimeOffset? InsertedOn);

/// <summary>
/// Handles the messages of one queue. Return normally to complete the message; throw to have it retried after the
/// visibility timeout (and moved to <c>{queue}-poison</c> after <c>maxDequeueCount</c> attempts) — the queue-trigger contract.
/// </summary>
public interface IQueueHandler
{
    string FunctionName { get; }
    string QueueName { get; }
    Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>One firing of a timer: when it was due and whether it ran late (e.g. the host was down).</summary>
public sealed record TimerRun(DateTimeOffset ScheduledFor, bool IsPastDue);

/// <summary>A job run on a 6-field NCRONTAB schedule held in the setting <see cref="ScheduleSetting"/>.</summary>
public interface ITimerJob
{
    string FunctionName { get; }
    string ScheduleSetting { get; }
    Task RunAsync(TimerRun run, CancellationToken cancellationToken);
}
