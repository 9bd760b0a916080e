using Bedtime.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Security.RateLimiting;

/// <summary>
/// Fixed-window rate limits shared by every instance through <see cref="IRateLimitCounter"/>, with an in-memory first
/// layer (<see cref="ExhaustedWindows"/>) so that a flood costs no store call once its window is used up. Each request
/// that reaches the store takes one increment, and only increments up to the limit are admitted, so the instances
/// together never admit more than the limit.
/// When the store cannot be reached, story creation fails closed (503: a story costs model and speech calls) and
/// everything else fails open with a warning and a metric (a bedtime app should rather serve than refuse).
/// </summary>
public sealed partial class RateLimiter
{
    private readonly IRateLimitCounter _counter;
    private readonly IOptions<RateLimitOptions> _options;
    private readonly TimeProvider _clock;
    private readonly RateLimitMetrics _metrics;
    private readonly ILogger<RateLimiter> _logger;
    private readonly ExhaustedWindows _exhausted;
    private long _storeDownUntilTicks;

    public RateLimiter(IRateLimitCounter counter, IOptions<RateLimitOptions> options, TimeProvider clock, RateLimitMetrics metrics, ILogger<RateLimiter> logger)
    {
        (_counter, _options, _clock, _metrics, _logger) = (counter, options, clock, metrics, logger);
        _exhausted = new ExhaustedWindows(options.Value.LocalCapacity);
    }

    public static bool FailsClosed(RateLimitPolicy policy) => policy == RateLimitPolicy.StoryCreation;

    /// <summary>Takes one permit of every limit of <paramref name="policy"/> for <paramref name="subject"/>, or says why not.</summary>
    public async Task<RateLimitDecision> AcquireAsync(RateLimitPolicy policy, string subject, CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        var now = _clock.GetUtcNow();
        var windows = settings.RulesFor(policy).Select(r => FixedWindow.At(r.Name, r.Rule, subject, now)).ToArray();

        var known = Array.FindAll(windows, w => _exhausted.Contains(w, now));
        if (known.Length > 0)
        {
            foreach (var window in known) _metrics.Rejected(window.Rule, locally: true);
            return Refusal(known, now);
        }
        if (now.UtcTicks < Volatile.Read(ref _storeDownUntilTicks))
            return Unavailable(policy, now);

        RateLimitQuota? tightest = null;
        foreach (var window in windows)
        {
            var counted = await CountAsync(window, settings.StoreTimeout, cancellationToken);
            if (!counted.Succeeded)
            {
                Volatile.Write(ref _storeDownUntilTicks, (now + settings.StoreBackoff).UtcTicks);
                LogStoreUnavailable(_logger, counted.Failure!.Code, policy, FailsClosed(policy) ? "refused" : "admitted", settings.StoreBackoff);
                return Unavailable(policy, now);
            }
            var count = counted.Value;
            if (count >= window.Limit && !_exhausted.Contains(window, now))
            {
                _exhausted.Add(window, now);
                LogExhausted(_logger, window.Rule, OwnerHash.Of(subject), window.End);
            }
            if (count > window.Limit)
            {
                _metrics.Rejected(window.Rule, locally: false);
                return Refusal([window], now);
            }
            var quota = new RateLimitQuota(window.Limit, (int)(window.Limit - count), window.SecondsLeft(now));
            if (tightest is not { } t || quota.Remaining < t.Remaining) tightest = quota;
        }
        return new RateLimitDecision(RateLimitOutcome.Allowed, tightest);
    }

    private async Task<ProviderResult<long>> CountAsync(FixedWindow window, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _counter.IncrementAsync(window, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderFailure.Retry("store_timeout", "The rate-limit store did not answer in time.");
        }
    }

    private static RateLimitDecision Refusal(IReadOnlyList<FixedWindow> exhausted, DateTimeOffset now)
    {
        // Every exhausted limit must have reset before a retry can pass: report the one that resets last.
        var last = exhausted.MaxBy(w => w.End);
        var seconds = last.SecondsLeft(now);
        return new RateLimitDecision(RateLimitOutcome.Rejected, new RateLimitQuota(last.Limit, 0, seconds), seconds);
    }

    private RateLimitDecision Unavailable(RateLimitPolicy policy, DateTimeOffset now)
    {
        var closed = FailsClosed(policy);
        _metrics.StoreUnavailable(policy, closed);
        if (!closed) return new RateLimitDecision(RateLimitOutcome.Allowed, Quota: null);
        var retryAfter = new DateTimeOffset(Math.Max(Volatile.Read(ref _storeDownUntilTicks), now.UtcTicks), TimeSpan.Zero) - now;
        return new RateLimitDecision(RateLimitOutcome.StoreUnavailable, Quota: null, Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Rate-limit store unavailable ({Code}): {Policy} requests are {Outcome} without counting for {Backoff}")]
    private static partial void LogStoreUnavailable(ILogger logger, string code, RateLimitPolicy policy, string outcome, TimeSpan backoff);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Rate limit {Rule} reached by {SubjectHash} until {WindowEnd}")]
    private static partial void LogExhausted(ILogger logger, string rule, string subjectHash, DateTimeOffset windowEnd);
}
