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
    /// <summary>Whether this failure may put the job off, rather than count as one of the queue's retries.</summary>
    public bool CanDefer(JobMessage message, RetryableJobException failure) =>
        failure.RetryAfter is not null && message.Deferrals < options.Value.MaxDeferrals;

    public async Task DeferAsync(string queueName, JobMessage message, RetryableJobException failure, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromTicks(Math.Clamp(failure.RetryAfter!.Value.Ticks, TimeSpan.TicksPerSecond, options.Value.MaxDeferral.Ticks));
        var later = message with { Deferrals = message.Deferrals + 1 };
        await queue.EnqueueLaterAsync(queueName, later, delay, cancellationToken);
        LogDeferred(logger, message.JobId, queueName, delay.TotalSeconds, failure.Code, later.Deferrals, options.Value.MaxDeferrals);
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "Job {JobId} on {Queue} put off for {DelaySeconds} s ({Code}); deferral {Deferral} of {MaxDeferrals}")]
    private static partial void LogDeferred(ILogger logger, string jobId, string queue, double delaySeconds, string code, int deferral, int maxDeferrals);
}
