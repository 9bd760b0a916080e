using Bedtime.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Security.RateLimiting;

/// <summary>
/// Fixed-window rate limits shared by every instance through <see cref="IRateLimitCounter"/>, with an in-memory first
/// layer: <see cref="ExhaustedWindows"/>, so a flood costs no store call once its window is used up, and
/// <see cref="LocalPermits"/>, so steady traffic under a generous limit costs one store write per batch of permits.
/// Only permits up to the limit are ever granted by the atomic counter, so the instances together never admit more.
/// When the store cannot be reached, story creation fails closed (503: a story costs model and speech calls) and
/// everything else fails open with a warning and a metric (a bedtime app should rather serve than refuse).
/// Only <c>StoreFailuresBeforeBackoff</c> failures in a row make the whole instance leave the store alone for
/// <c>StoreBackoff</c> (an outage then costs no store timeout per request); a single failed call, whatever caused
/// it, affects only its own request, so one caller cannot switch the limits off, or story creation off, for everyone.
/// </summary>
public sealed partial class SharedRateLimits
{
    private readonly IRateLimitCounter _counter;
    private readonly IOptions<RateLimitOptions> _options;
    private readonly TimeProvider _clock;
    private readonly RateLimitMetrics _metrics;
    private readonly ILogger<SharedRateLimits> _logger;
    private readonly ExhaustedWindows _exhausted;
    private readonly LocalPermits _permits;
    private long _storeDownUntilTicks;
    private int _failuresInARow;

    public SharedRateLimits(IRateLimitCounter counter, IOptions<RateLimitOptions> options, TimeProvider clock, RateLimitMetrics metrics, ILogger<SharedRateLimits> logger)
    {
        (_counter, _options, _clock, _metrics, _logger) = (counter, options, clock, metrics, logger);
        _exhausted = new ExhaustedWindows(options.Value.LocalCapacity);
        _permits = new LocalPermits(options.Value.LocalCapacity);
    }

    public static bool FailsClosed(RateLimitPolicy policy) => policy == RateLimitPolicy.StoryCreation;

    /// <summary>A story request the app refuses as the client's mistake (a typo, an unsuitable word) costs no story permit.</summary>
    public static bool RefundsClientErrors(RateLimitPolicy policy) => policy == RateLimitPolicy.StoryCreation;

    /// <summary>
    /// Gives back the permit an admitted request took from each window counted one by one in the store (tight limits;
    /// a permit of a batch is not worth a write). Best effort: a refund that fails is logged and the permit stays used.
    /// </summary>
    public async Task RefundAsync(IReadOnlyList<FixedWindow> counted, CancellationToken cancellationToken)
    {
        foreach (var window in counted)
        {
            var refunded = await CountAsync(window, -1, _options.Value.StoreTimeout, cancellationToken);
            if (!refunded.Succeeded) { LogRefundFailed(_logger, window.Rule, refunded.Failure!.Code); continue; }
            _exhausted.Forget(window);
        }
    }

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
        var countedOne = new List<FixedWindow>(windows.Length);
        foreach (var window in windows)
        {
            if (_permits.TryTake(window, out var left))
            {
                Tighten(ref tightest, new RateLimitQuota(window.Limit, left, window.SecondsLeft(now)));
                continue;
            }
            var batch = LocalPermits.BatchFor(window.Limit);
            var counted = await CountAsync(window, batch, settings.StoreTimeout, cancellationToken);
            if (!counted.Succeeded)
            {
                var backOff = Interlocked.Increment(ref _failuresInARow) >= settings.StoreFailuresBeforeBackoff;
                if (backOff)
                {
                    Volatile.Write(ref _storeDownUntilTicks, (now + settings.StoreBackoff).UtcTicks);
                    Interlocked.Exchange(ref _failuresInARow, 0);
                }
                LogStoreUnavailable(_logger, counted.Failure!.Code, policy, FailsClosed(policy) ? "refused" : "admitted", backOff ? settings.StoreBackoff : TimeSpan.Zero);
                return Unavailable(policy, now);
            }
            Interlocked.Exchange(ref _failuresInARow, 0);
            var count = counted.Value;
            if (count >= window.Limit && !_exhausted.Contains(window, now))
            {
                _exhausted.Add(window, now);
                LogExhausted(_logger, window.Rule, OwnerHash.Of(subject), window.End);
            }
            // Of the batch just counted, only what was still under the limit is ours.
            var granted = (int)Math.Clamp(window.Limit - (count - batch), 0, batch);
            if (granted == 0)
            {
                _metrics.Rejected(window.Rule, locally: false);
                return Refusal([window], now);
            }
            if (batch == 1) countedOne.Add(window);
            var storeLeft = (int)Math.Max(0, window.Limit - count);
            _permits.Hold(window, granted - 1, storeLeft, now);
            Tighten(ref tightest, new RateLimitQuota(window.Limit, storeLeft + granted - 1, window.SecondsLeft(now)));
        }
        return new RateLimitDecision(RateLimitOutcome.Allowed, tightest, Counted: countedOne);
    }

    private static void Tighten(ref RateLimitQuota? tightest, RateLimitQuota quota)
    {
        if (tightest is not { } t || quota.Remaining < t.Remaining) tightest = quota;
    }

    private async Task<ProviderResult<long>> CountAsync(FixedWindow window, int by, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _counter.IncrementAsync(window, by, linked.Token);
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

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Rate-limit store unavailable ({Code}): {Policy} request {Outcome} without counting; store left alone for {Backoff}")]
    private static partial void LogStoreUnavailable(ILogger logger, string code, RateLimitPolicy policy, string outcome, TimeSpan backoff);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Rate limit {Rule}: the permit of a refused request could not be given back ({Code})")]
    private static partial void LogRefundFailed(ILogger logger, string rule, string code);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Rate limit {Rule} reached by {SubjectHash} until {WindowEnd}")]
    private static partial void LogExhausted(ILogger logger, string rule, string subjectHash, DateTimeOffset windowEnd);
}
