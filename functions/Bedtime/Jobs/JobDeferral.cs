using Bedtime.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Jobs;

/// <summary>
/// Puts a job off when it fails for a reason that is not its own — a provider failing or saying when to come back, Cosmos
/// DB or storage unreachable, slow or throttling: the message is sent again, invisible until then, and the current
/// delivery completes. Failures like these would otherwise use up the queue's <c>maxDequeueCount</c> within seconds of
/// an outage and fail the job with <c>retries_exhausted</c> before the service is back. The wait is what the provider
/// asked for, else it doubles with each deferral (the count travels in the message), between one second and
/// <see cref="JobsOptions.MaxDeferral"/>. Retries are bounded in time instead: the handlers fail a job retried past its
/// deadline (<see cref="JobDeadline"/>). Should the completion be lost after the send, two deliveries exist; the
/// handlers are idempotent, so the second does nothing. A failure to send the message fails the delivery: the queue
/// retries it.
/// </summary>
public sealed partial class JobDeferral(IJobQueue queue, IOptions<JobsOptions> options, ILogger<JobDeferral> logger)
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    /// <summary>Runs a job's work; a failure that is not the job's own puts the job off instead of failing the delivery.</summary>
    public async Task RunAsync(string queueName, JobMessage message, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work();
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested && Code(failure) is { } code)
        {
            var delay = Delay(failure, message.Deferrals);
            var later = message with { Deferrals = message.Deferrals + 1 };
            await queue.EnqueueLaterAsync(queueName, later, delay, cancellationToken);
            LogDeferred(logger, message.JobId, queueName, delay.TotalSeconds, code, later.Deferrals);
        }
    }

    /// <summary>What the provider asked for, else one second doubling per deferral; never below a second (a message sent
    /// back at once would spin) nor above the longest deferral.</summary>
    private TimeSpan Delay(Exception failure, int deferrals)
    {
        var wanted = failure is RetryableJobException { RetryAfter: { } asked }
            ? asked
            : TimeSpan.FromSeconds(Math.Pow(2, Math.Min(deferrals, 20)));
        return TimeSpan.FromTicks(Math.Clamp(wanted.Ticks, Shortest.Ticks, options.Value.MaxDeferral.Ticks));
    }

    /// <summary>The failure's code when it is not the job's own fault; null for anything else (a bug fails the delivery).</summary>
    private static string? Code(Exception failure) => failure switch
    {
        RetryableJobException retryable => retryable.Code,
        _ when DependencyFailures.IsOutage(failure) => "dependency_unavailable",
        _ => null,
    };

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "Job {JobId} on {Queue} put off for {DelaySeconds} s ({Code}); deferral {Deferral}")]
    private static partial void LogDeferred(ILogger logger, string jobId, string queue, double delaySeconds, string code, int deferral);
}
