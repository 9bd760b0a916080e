using Bedtime.Jobs;
using Bedtime.Local.Timers;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bedtime.Tests.Local;

public sealed class TimerSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task The_job_runs_at_each_occurrence_of_its_schedule_and_not_before()
    {
        var clock = new FakeTimeProvider(Start);
        var job = new RecordingJob();
        using var stop = new CancellationTokenSource();
        var scheduler = new TimerScheduler(job, "0 */5 * * * *", TimeSpan.FromMinutes(1), clock, NullLogger<TimerScheduler>.Instance);
        var running = scheduler.RunAsync(stop.Token);

        await WaitForTimerAsync(clock);
        clock.Advance(TimeSpan.FromMinutes(4)); // 12:04:30
        Assert.Empty(job.Runs);

        clock.Advance(TimeSpan.FromSeconds(30)); // 12:05:00
        await Eventually.TrueAsync(() => Task.FromResult(job.Runs.Count == 1), TimeSpan.FromSeconds(5));
        await WaitForTimerAsync(clock);
        clock.Advance(TimeSpan.FromMinutes(5)); // 12:10:00
        await Eventually.TrueAsync(() => Task.FromResult(job.Runs.Count == 2), TimeSpan.FromSeconds(5));

        Assert.Equal([Start.AddSeconds(270), Start.AddSeconds(570)], job.Runs.Select(r => r.ScheduledFor));
        Assert.All(job.Runs, r => Assert.False(r.IsPastDue));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_run_that_starts_late_is_flagged_past_due()
    {
        var clock = new FakeTimeProvider(Start);
        var job = new RecordingJob();
        var scheduler = new TimerScheduler(job, "0 0 * * * *", TimeSpan.FromMinutes(1), clock, NullLogger<TimerScheduler>.Instance);

        var due = scheduler.NextOccurrence(clock.GetUtcNow());
        clock.SetUtcNow(due.AddMinutes(3));
        await scheduler.FireAsync(due, CancellationToken.None);

        Assert.True(job.Runs.Single().IsPastDue);
    }

    [Fact]
    public async Task A_failing_run_does_not_stop_the_schedule()
    {
        var clock = new FakeTimeProvider(Start);
        var job = new RecordingJob { Fail = true };
        using var stop = new CancellationTokenSource();
        var scheduler = new TimerScheduler(job, "*/10 * * * * *", TimeSpan.FromMinutes(1), clock, NullLogger<TimerScheduler>.Instance);
        var running = scheduler.RunAsync(stop.Token);

        for (var i = 1; i <= 3; i++)
        {
            await WaitForTimerAsync(clock);
            clock.Advance(TimeSpan.FromSeconds(10));
            var expected = i;
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(job.Runs.Count == expected), TimeSpan.FromSeconds(5)));
        }
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_failed_run_of_a_job_with_a_retry_policy_is_retried_after_the_policys_delays()
    {
        var clock = new FakeTimeProvider(Start);
        var job = new RetriedJob(new TimerRetry(3, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), Exponential: true), failures: 2, clock);
        var scheduler = new TimerScheduler(job, "0 0 * * * *", TimeSpan.FromMinutes(1), clock, NullLogger<TimerScheduler>.Instance);
        var due = scheduler.NextOccurrence(clock.GetUtcNow());
        clock.SetUtcNow(due);

        var firing = scheduler.FireAsync(due, CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            await WaitForTimerAsync(clock);
            clock.Advance(job.Retry!.DelayBefore(i + 1));
        }
        await firing.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([(0, due), (1, due.AddSeconds(10)), (2, due.AddSeconds(30))], job.Attempts);
        Assert.All(job.Runs, run => Assert.Equal(due, run.ScheduledFor));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_retried_only_as_often_as_its_policy_allows()
    {
        var clock = new FakeTimeProvider(Start);
        var job = new RetriedJob(new TimerRetry(2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Exponential: false), failures: int.MaxValue, clock);
        var scheduler = new TimerScheduler(job, "0 0 * * * *", TimeSpan.FromMinutes(1), clock, NullLogger<TimerScheduler>.Instance);

        var firing = scheduler.FireAsync(Start, CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            await WaitForTimerAsync(clock);
            clock.Advance(TimeSpan.FromSeconds(5));
        }
        await firing.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([0, 1, 2], job.Attempts.Select(a => a.RetryCount));
        Assert.Equal(0, clock.PendingTimers);
    }

    [Theory]
    [InlineData("0 */5 * * *")]       // 5 fields: the Functions timer wants seconds too
    [InlineData("every five minutes")]
    public void A_schedule_that_is_not_six_field_NCRONTAB_is_refused(string expression) =>
        Assert.Throws<FormatException>(() => TimerScheduler.Parse(expression));

    private static async Task WaitForTimerAsync(FakeTimeProvider clock) =>
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(clock.PendingTimers > 0), TimeSpan.FromSeconds(5)));

    private sealed class RecordingJob : ITimerJob
    {
        private readonly List<TimerRun> _runs = [];
        public bool Fail { get; init; }
        public string FunctionName => "TestTimer";
        public string ScheduleSetting => "TEST_SCHEDULE";
        public IReadOnlyList<TimerRun> Runs { get { lock (_runs) return [.. _runs]; } }

        public Task RunAsync(TimerRun run, CancellationToken cancellationToken)
        {
            lock (_runs) _runs.Add(run);
            return Fail ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }
    }

    private sealed class RetriedJob(TimerRetry retry, int failures, TimeProvider clock) : IRetriedTimerJob
    {
        private readonly List<(int RetryCount, DateTimeOffset At)> _attempts = [];
        private readonly List<TimerRun> _runs = [];
        public string FunctionName => "RetriedTimer";
        public string ScheduleSetting => "TEST_SCHEDULE";
        public TimerRetry? Retry => retry;
        public IReadOnlyList<(int RetryCount, DateTimeOffset At)> Attempts { get { lock (_attempts) return [.. _attempts]; } }
        public IReadOnlyList<TimerRun> Runs { get { lock (_attempts) return [.. _runs]; } }

        public Task RunAsync(TimerRun run, CancellationToken cancellationToken) => RunAsync(run, 0, cancellationToken);

        public Task RunAsync(TimerRun run, int retryCount, CancellationToken cancellationToken)
        {
            lock (_attempts)
            {
                _attempts.Add((retryCount, clock.GetUtcNow()));
                _runs.Add(run);
            }
            return retryCount < failures ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }
    }
}
