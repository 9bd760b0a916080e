using Bedtime.Jobs;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Bedtime.Local.Timers;

/// <summary>
/// Fires an <see cref="ITimerJob"/> on its 6-field NCRONTAB schedule (UTC), as the Functions timer trigger does.
/// A run that starts more than <see cref="PastDueTolerance"/> after it was due is flagged <c>IsPastDue</c>.
/// Runs never overlap: the next occurrence is computed after the previous run ends. A job with a retry policy
/// (<see cref="IRetriedTimerJob"/>) is run again after a failure as the policy says, each attempt with its own timeout.
/// </summary>
public sealed partial class TimerScheduler(ITimerJob job, string schedule, TimeSpan functionTimeout, TimeProvider clock, ILogger<TimerScheduler> logger)
{
    public static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);
    private readonly CrontabSchedule _schedule = Parse(schedule);

    public string FunctionName => job.FunctionName;

    public static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
        ?? throw new FormatException($"'{expression}' is not a 6-field NCRONTAB expression (second minute hour day month day-of-week).");

    public DateTimeOffset NextOccurrence(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = NextOccurrence(clock.GetUtcNow());
            var wait = due - clock.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await FireAsync(due, stoppingToken);
        }
    }

    internal async Task FireAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        var run = new TimerRun(due, clock.GetUtcNow() - due > PastDueTolerance);
        var retried = job as IRetriedTimerJob;
        for (var attempt = 0; ; attempt++)
        {
            using var invocation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            invocation.CancelAfter(functionTimeout);
            try
            {
                await (retried is null ? job.RunAsync(run, invocation.Token) : retried.RunAsync(run, attempt, invocation.Token));
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (retried?.Retry is not { } retry || !retry.Allows(attempt))
                {
                    LogFailed(logger, ex, job.FunctionName, due);
                    return;
                }
                var delay = retry.DelayBefore(attempt + 1);
                LogRetrying(logger, ex, job.FunctionName, due, attempt + 1, retry.MaxRetryCount, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Timer {Function} failed for its run due at {Due}; retry {Retry} of {MaxRetries} in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string function, DateTimeOffset due, int retry, int maxRetries, double seconds);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Error, Message = "Timer {Function} failed for its run due at {Due}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, DateTimeOffset due);
}
