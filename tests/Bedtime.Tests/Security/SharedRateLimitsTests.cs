using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bedtime.Platform;
using Bedtime.Security.RateLimiting;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Security;

/// <summary>The fixed-window limiter with its in-memory first layer, against an in-memory shared counter.</summary>
public sealed class SharedRateLimitsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 10, TimeSpan.Zero));
    private readonly MemoryCounter _store = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RateLimitOptions _options = new()
    {
        General = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) },
        StoriesPerMinute = new() { PermitLimit = 3, Window = TimeSpan.FromMinutes(1) },
        StoriesPerDay = new() { PermitLimit = 4, Window = TimeSpan.FromDays(1) },
    };

    private MeterListener? _listener;

    public void Dispose()
    {
        _listener?.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Admits_up_to_the_limit_counting_down_then_refuses_until_the_window_ends()
    {
        var limiter = Limiter();

        var admitted = new List<RateLimitDecision>();
        for (var i = 0; i < 5; i++) admitted.Add(await limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None));
        var refused = await limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None);

        Assert.All(admitted, d => Assert.Equal(RateLimitOutcome.Allowed, d.Outcome));
        Assert.Equal([4, 3, 2, 1, 0], admitted.Select(d => d.Quota!.Value.Remaining));
        Assert.All(admitted, d => Assert.Equal(5, d.Quota!.Value.Limit));
        Assert.Equal(RateLimitOutcome.Rejected, refused.Outcome);
        // 12:00:10 in a window of 12:00–12:15: 890 s left.
        Assert.Equal(890, refused.RetryAfterSeconds);
        Assert.Equal(new RateLimitQuota(5, 0, 890), refused.Quota);
    }

    [Fact]
    public async Task Under_a_generous_limit_permits_are_taken_from_the_store_in_batches()
    {
        _options.General = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(15) };
        var limiter = Limiter();

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 30; i++) decisions.Add(await limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None));

        Assert.All(decisions, d => Assert.Equal(RateLimitOutcome.Allowed, d.Outcome));
        Assert.Equal(3, _store.Calls); // batches of 300 / 30 = 10
        Assert.Equal(270, decisions[^1].Quota!.Value.Remaining);
    }

    [Fact]
    public async Task Instances_taking_batches_from_one_store_together_never_admit_more_than_the_limit()
    {
        _options.General = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(15) };
        var limiters = Enumerable.Range(0, 3).Select(_ => Limiter()).ToList();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 600).Select(i =>
            limiters[i % 3].AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None)));

        Assert.InRange(outcomes.Count(o => o.Outcome == RateLimitOutcome.Allowed), 270, 300);
        Assert.True(_store.CountOf("rl:General:u:mia") >= 300);
    }

    [Fact]
    public async Task Once_the_store_says_a_window_is_used_up_a_flood_is_refused_without_asking_it_again()
    {
        var limiter = Limiter();
        for (var i = 0; i < 5; i++) await limiter.AcquireAsync(RateLimitPolicy.General, "ip:10.0.0.1", CancellationToken.None);
        var callsAtLimit = _store.Calls;

        for (var i = 0; i < 1000; i++)
            Assert.Equal(RateLimitOutcome.Rejected, (await limiter.AcquireAsync(RateLimitPolicy.General, "ip:10.0.0.1", CancellationToken.None)).Outcome);

        Assert.Equal(5, callsAtLimit);
        Assert.Equal(callsAtLimit, _store.Calls);
    }

    [Fact]
    public async Task The_next_window_admits_again()
    {
        var limiter = Limiter();
        for (var i = 0; i < 6; i++) await limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(890));
        var next = await limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None);

        Assert.Equal(RateLimitOutcome.Allowed, next.Outcome);
        Assert.Equal(4, next.Quota!.Value.Remaining);
    }

    [Fact]
    public async Task Subjects_and_policies_are_counted_apart()
    {
        var limiter = Limiter();
        for (var i = 0; i < 5; i++) await limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None);

        Assert.Equal(RateLimitOutcome.Allowed, (await limiter.AcquireAsync(RateLimitPolicy.General, "u:zoe", CancellationToken.None)).Outcome);
        Assert.Equal(RateLimitOutcome.Allowed, (await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None)).Outcome);
        Assert.Equal(RateLimitOutcome.Allowed, (await limiter.AcquireAsync(RateLimitPolicy.Uploads, "u:mia", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_refused_burst_does_not_use_up_the_daily_allowance()
    {
        var limiter = Limiter();

        var outcomes = new List<RateLimitOutcome>();
        for (var i = 0; i < 10; i++) outcomes.Add((await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None)).Outcome);

        Assert.Equal(3, outcomes.Count(o => o == RateLimitOutcome.Allowed));
        Assert.Equal(3, _store.CountOf("rl:StoriesPerDay:u:mia"));
    }

    [Fact]
    public async Task Story_creation_is_refused_until_the_day_ends_once_the_daily_limit_is_used_up()
    {
        var limiter = Limiter();
        for (var i = 0; i < 3; i++) await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var fourth = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None);

        var fifth = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None);

        Assert.Equal(RateLimitOutcome.Allowed, fourth.Outcome);
        Assert.Equal(new RateLimitQuota(4, 0, 86400 - 12 * 3600 - 70), fourth.Quota); // the tightest limit: the daily one
        Assert.Equal(RateLimitOutcome.Rejected, fifth.Outcome);
        Assert.Equal(86400 - 12 * 3600 - 70, fifth.RetryAfterSeconds);
    }

    [Fact]
    public async Task When_the_store_fails_general_requests_are_admitted_with_one_warning_and_a_metric_each()
    {
        _store.Failing = true;
        var limiter = Limiter();
        var failures = CountMeasurements(TelemetryNames.RateLimitStoreUnavailable);

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 5; i++) decisions.Add(await limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None));

        Assert.All(decisions, d => Assert.Equal(RateLimitOutcome.Allowed, d.Outcome));
        Assert.All(decisions, d => Assert.Null(d.Quota));
        Assert.Equal(3, _logs.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("store_unavailable", StringComparison.Ordinal)));
        Assert.Equal(5, failures());
        Assert.Equal(3, _store.Calls); // three failures in a row, then the store is left alone for the back-off
    }

    [Fact]
    public async Task When_the_store_fails_story_creation_is_refused_with_a_retry_after_and_the_store_is_asked_again_after_the_back_off()
    {
        _store.Failing = true;
        _options.StoreFailuresBeforeBackoff = 1;
        var limiter = Limiter();

        var first = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(4));
        var during = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None);
        _store.Failing = false;
        _clock.Advance(TimeSpan.FromSeconds(6));
        var after = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None);

        Assert.Equal((RateLimitOutcome.StoreUnavailable, 10), (first.Outcome, first.RetryAfterSeconds));
        Assert.Equal((RateLimitOutcome.StoreUnavailable, 6), (during.Outcome, during.RetryAfterSeconds));
        Assert.Equal(RateLimitOutcome.Allowed, after.Outcome);
        Assert.Equal(3, _store.Calls); // the failed call, then both limits of the admitted request
    }

    [Fact]
    public async Task One_failing_store_call_refuses_only_its_own_request_and_the_next_one_asks_the_store_again()
    {
        var limiter = Limiter();
        _store.Failing = true;

        var failed = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:attacker", CancellationToken.None);
        _store.Failing = false;
        var next = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None);

        Assert.Equal((RateLimitOutcome.StoreUnavailable, 1), (failed.Outcome, failed.RetryAfterSeconds));
        Assert.Equal(RateLimitOutcome.Allowed, next.Outcome);
        Assert.Equal(3, _store.Calls); // the failed call, then both limits of the next request
    }

    [Fact]
    public async Task A_store_that_does_not_answer_in_time_counts_as_unavailable()
    {
        _store.Hang = true;
        _options.StoreTimeout = TimeSpan.FromMilliseconds(100);
        var limiter = new SharedRateLimits(_store, Options.Create(_options), TimeProvider.System, Metrics(), _logs.CreateLogger<SharedRateLimits>());

        var decision = await limiter.AcquireAsync(RateLimitPolicy.StoryCreation, "u:mia", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RateLimitOutcome.StoreUnavailable, decision.Outcome);
        Assert.Contains(_logs.Lines, l => l.Contains("store_timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_aborted_by_the_client_is_not_mistaken_for_a_store_failure()
    {
        _store.Hang = true;
        var limiter = Limiter();
        using var aborted = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(RateLimitPolicy.General, "u:mia", aborted.Token));

        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Instances_sharing_the_store_never_admit_more_than_the_limit_together()
    {
        var instances = Enumerable.Range(0, 4).Select(_ => Limiter()).ToArray();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => instances[i % instances.Length].AcquireAsync(RateLimitPolicy.General, "u:mia", CancellationToken.None))));

        Assert.Equal(5, decisions.Count(d => d.Outcome == RateLimitOutcome.Allowed));
    }

    [Fact]
    public void The_first_layer_never_holds_more_windows_than_its_capacity()
    {
        var windows = new ExhaustedWindows(capacity: 100);
        var now = _clock.GetUtcNow();
        var rule = new RateLimitRule { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) };

        for (var i = 0; i < 500; i++) windows.Add(FixedWindow.At("General", rule, $"ip:10.0.{i / 256}.{i % 256}", now), now);
        var late = now.AddMinutes(2);
        windows.Add(FixedWindow.At("General", rule, "ip:10.9.9.9", late), late); // the expired ones make room

        Assert.Equal(1, windows.Count);
        Assert.True(windows.Contains(FixedWindow.At("General", rule, "ip:10.9.9.9", late), late));
    }

    [Theory]
    [InlineData(0, "00:00:01")]
    [InlineData(3, "00:00:00.500")]
    [InlineData(3, "00:00:00")]
    public void Options_with_a_limit_below_one_or_a_window_not_in_whole_seconds_are_refused_at_start(int limit, string window)
    {
        var options = new RateLimitOptions { Uploads = new() { PermitLimit = limit, Window = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) } };

        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.ErrorMessage!.StartsWith("RateLimits:Uploads", StringComparison.Ordinal));
    }

    private SharedRateLimits Limiter() => new(_store, Options.Create(_options), _clock, Metrics(), _logs.CreateLogger<SharedRateLimits>());

    private RateLimitMetrics Metrics() => new(_services.GetRequiredService<IMeterFactory>());

    private Func<long> CountMeasurements(string instrumentName)
    {
        long total = 0;
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener();
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == instrumentName)
                l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
        _listener.Start();
        return () => Interlocked.Read(ref total);
    }

    private sealed class MemoryCounter : IRateLimitCounter
    {
        private readonly ConcurrentDictionary<string, long> _counts = new();
        private int _calls;

        public int Calls => _calls;
        public bool Failing { get; set; }
        public bool Hang { get; set; }

        public long CountOf(string partition) => _counts.Where(c => c.Key.StartsWith(partition + "/", StringComparison.Ordinal)).Sum(c => c.Value);

        public async Task<ProviderResult<long>> IncrementAsync(FixedWindow window, int by, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Hang) await Task.Delay(Timeout.Infinite, cancellationToken);
            if (Failing) return ProviderFailure.Retry("store_unavailable", "down");
            return _counts.AddOrUpdate(window.Key, by, (_, count) => count + by);
        }
    }
}

file static class LoggerProviderExtensions
{
    public static ILogger<T> CreateLogger<T>(this ILoggerProvider provider) => new Logger<T>(new ProviderFactory(provider));

    private sealed class ProviderFactory(ILoggerProvider provider) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
    }
}
