using Bedtime.Jobs;

namespace Bedtime.Local.Timers;

/// <summary>
/// A timer function's retry policy (<c>[FixedDelayRetry]</c>, <c>[ExponentialBackoffRetry]</c>) as the Functions host
/// applies it: after a failed run, up to <see cref="MaxRetryCount"/> more attempts (-1: no limit), waiting the fixed
/// delay, or a delay that doubles from the minimum interval up to the maximum.
/// </summary>
public sealed record TimerRetry(int MaxRetryCount, TimeSpan MinimumInterval, TimeSpan MaximumInterval, bool Exponential)
{
    /// <summary>Whether a failed attempt (0 is the first run) is followed by another.</summary>
    public bool Allows(int failedAttempt) => MaxRetryCount < 0 || failedAttempt < MaxRetryCount;

    /// <summary>The wait before retry number <paramref name="retry"/> (1 is the first retry).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        if (!Exponential) return MinimumInterval;
        var factor = Math.Pow(2, Math.Min(retry - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(MaximumInterval.Ticks, MinimumInterval.Ticks * factor));
    }
}

/// <summary>A timer job that declares a retry policy, and is told which retry a run is (as the worker's RetryContext).</summary>
public interface IRetriedTimerJob : ITimerJob
{
    TimerRetry? Retry { get; }

    Task RunAsync(TimerRun run, int retryCount, CancellationToken cancellationToken);
}
