using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Bedtime.Platform.Resilience;

/// <summary>How one provider's calls are protected: a timeout per attempt, retries, a circuit breaker.</summary>
public sealed record ProviderResilienceSettings
{
    /// <summary>Provider name for logs (e.g. "azure-openai").</summary>
    public required string Provider { get; init; }
    public required TimeSpan AttemptTimeout { get; init; }
    /// <summary>Retries after the first attempt; 0 turns retrying off (the queue still retries the job).</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>First back-off delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest wait between attempts. A provider asking (Retry-After) for longer is not retried here.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
    public double CircuitFailureRatio { get; init; } = 0.5;
    public TimeSpan CircuitSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);
    public int CircuitMinimumThroughput { get; init; } = 5;
    public TimeSpan CircuitBreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>What an attempt's outcome means: worth another try (timeouts, 429, 5xx, network), and when.</summary>
public readonly record struct AttemptVerdict(bool Transient, TimeSpan? RetryAfter, string Reason)
{
    public static readonly AttemptVerdict Final = new(false, null, "final");
}

/// <summary>
/// The one resilience pipeline shape for outside providers (Polly.Core 8), outermost first: retry with jittered
/// exponential back-off that honours the provider's Retry-After, then a circuit breaker, then a timeout per attempt.
/// The adapter classifies its own outcomes; this class owns the policy. When the circuit is open the pipeline throws
/// <see cref="BrokenCircuitException"/>; when the last attempt timed out, <see cref="TimeoutRejectedException"/>.
/// </summary>
public static partial class ProviderResilience
{
    /// <summary>
    /// Runs one call through <paramref name="pipeline"/>. What the pipeline gives up with — an open circuit, the last
    /// attempt's timeout, an unreachable network — comes back as a transient failure: <c>{code}_circuit_open</c>,
    /// <c>{code}_timeout</c>, <c>{code}_unavailable</c>, its message naming <paramref name="provider"/>.
    /// </summary>
    public static async Task<ProviderResult<T>> RunAsync<T>(
        ResiliencePipeline<T> pipeline, Func<CancellationToken, ValueTask<T>> call, string code, string provider, TimeSpan attemptTimeout,
        CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(call, cancellationToken);
        }
        catch (BrokenCircuitException open)
        {
            return ProviderFailure.Retry($"{code}_circuit_open", $"{provider} is failing; calls are paused for a while.", open.RetryAfter);
        }
        catch (TimeoutRejectedException)
        {
            return ProviderFailure.Retry($"{code}_timeout", $"{provider} did not answer within {attemptTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return ProviderFailure.Retry($"{code}_unavailable", $"{provider} could not be reached.");
        }
    }

    public static ResiliencePipeline<T> Create<T>(
        ProviderResilienceSettings settings, Func<Outcome<T>, AttemptVerdict> classify, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(classify);

        AttemptVerdict Judge(Outcome<T> outcome) => outcome.Exception switch
        {
            TimeoutRejectedException => new AttemptVerdict(true, null, "attempt timed out"),
            BrokenCircuitException => AttemptVerdict.Final,
            OperationCanceledException => AttemptVerdict.Final,
            _ => classify(outcome),
        };

        var builder = new ResiliencePipelineBuilder<T> { Name = settings.Provider, TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryDelay,
                ShouldHandle = args =>
                {
                    var verdict = Judge(args.Outcome);
                    return ValueTask.FromResult(verdict.Transient && (verdict.RetryAfter is not { } wait || wait <= settings.MaxRetryDelay));
                },
                // The provider's own Retry-After wins over the computed back-off; null falls back to the back-off.
                DelayGenerator = args => ValueTask.FromResult(Judge(args.Outcome).RetryAfter),
                OnRetry = args =>
                {
                    LogRetrying(logger, settings.Provider, args.AttemptNumber + 1, settings.MaxRetries, args.RetryDelay.TotalMilliseconds, Judge(args.Outcome).Reason);
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<T>
            {
                FailureRatio = settings.CircuitFailureRatio,
                SamplingDuration = settings.CircuitSamplingDuration,
                MinimumThroughput = settings.CircuitMinimumThroughput,
                BreakDuration = settings.CircuitBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(Judge(args.Outcome).Transient),
                OnOpened = args =>
                {
                    LogCircuitOpened(logger, settings.Provider, args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(logger, settings.Provider);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = settings.AttemptTimeout })
            .Build();
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "{Provider}: retry {Retry} of {MaxRetries} in {DelayMs} ms ({Reason})")]
    private static partial void LogRetrying(ILogger logger, string provider, int retry, int maxRetries, double delayMs, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "{Provider}: circuit opened for {BreakSeconds} s after repeated failures")]
    private static partial void LogCircuitOpened(ILogger logger, string provider, double breakSeconds);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "{Provider}: circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger, string provider);
}
