using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Jobs;

/// <summary>
/// Puts a job off when its provider said when to come back (an open circuit breaker, a Retry-After longer than the
/// provider's own retries wait): the message is sent again, invisible until then, and the current delivery completes.
/// Failing fast against an open circuit would otherwise use up the queue's <c>maxDequeueCount</c> in seconds and fail
/// the job with <c>retries_exhausted</c> before the provider is back. The number of deferrals travels in the message,
/// so a provider that never recovers still ends in the poison queue. Should the completion be lost after the send,
/// two deliveries exist; the handlers are idempotent, so the second does nothing.
/// </summary>
public sealed partial class JobDeferral(IJobQueue queue, IOptions<JobsOptions> options, ILogger<JobDeferral> logger)
{
    /// <summary>Runs a job's work; a failure that says when to come back puts the job off instead of failing the delivery.</summary>
    public async Task RunAsync(string queueName, JobMessage message, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work();
        }
        catch (RetryableJobException failure) when (failure.RetryAfter is { } wait && message.Deferrals < options.Value.MaxDeferrals)
        {
            var delay = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.TicksPerSecond, options.Value.MaxDeferral.Ticks));
            var later = message with { Deferrals = message.Deferrals + 1 };
            await queue.EnqueueLaterAsync(queueName, later, delay, cancellationToken);
            LogDeferred(logger, message.JobId, queueName, delay.TotalSeconds, failure.Code, later.Deferrals, options.Value.MaxDeferrals);
        }
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "Job {JobId} on {Queue} put off for {DelaySeconds} s ({Code}); deferral {Deferral} of {MaxDeferrals}")]
    private static partial void LogDeferred(ILogger logger, string jobId, string queue, double delaySeconds, string code, int deferral, int maxDeferrals);
}
