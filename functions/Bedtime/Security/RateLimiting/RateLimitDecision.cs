namespace Bedtime.Security.RateLimiting;

public enum RateLimitOutcome { Allowed, Rejected, StoreUnavailable }

/// <summary>What the <c>RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c> headers report: the tightest limit.</summary>
public readonly record struct RateLimitQuota(int Limit, int Remaining, int ResetSeconds);

/// <param name="Quota">Null when the store could not be asked (nothing is known to report).</param>
/// <param name="RetryAfterSeconds">For a refusal: when asking again can succeed.</param>
/// <param name="Counted">For an admission: the windows whose store counter this request raised by one (what a refund lowers).</param>
public sealed record RateLimitDecision(RateLimitOutcome Outcome, RateLimitQuota? Quota, int RetryAfterSeconds = 0, IReadOnlyList<FixedWindow>? Counted = null);
