using System.Globalization;
using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bedtime.Security.RateLimiting;

/// <summary>
/// The pipeline's rate-limit step: counts the request against its endpoint's policy, sets the <c>RateLimit-*</c>
/// headers, and returns the refusal (429, or 503 when story creation cannot be counted) or null to go on. After the
/// handler, <see cref="SettleAsync"/> gives back what a refused story request took.
/// </summary>
public sealed class RateLimitGate(SharedRateLimits limiter, IOptions<RateLimitOptions> options)
{
    private static readonly object CountedKey = new();

    /// <summary>
    /// The limiter runs before the body is read, so a request the handler refused as the client's mistake (4xx) gets its
    /// permits back — in exchange for a permit of the general limit, so a flood of bad requests is still bounded (once
    /// that is used up, mistakes cost story permits again).
    /// </summary>
    public async Task SettleAsync(HttpContext context, ApiEndpoint endpoint, IResult result)
    {
        if (result is IStatusCodeHttpResult { StatusCode: >= 400 and < 500 } && SharedRateLimits.RefundsClientErrors(endpoint.RateLimit)
            && context.Items[CountedKey] is IReadOnlyList<FixedWindow> { Count: > 0 } counted)
        {
            var subject = RateLimitSubject.Of(context, Caller.Find(context), options.Value.TrustForwardedFor);
            var general = await limiter.AcquireAsync(RateLimitPolicy.General, subject, context.RequestAborted);
            if (general.Outcome != RateLimitOutcome.Allowed) return;
            await limiter.RefundAsync(counted, context.RequestAborted);
            if (context.Response.Headers.TryGetValue("RateLimit-Remaining", out var remaining) && int.TryParse(remaining, CultureInfo.InvariantCulture, out var left))
                context.Response.Headers["RateLimit-Remaining"] = (left + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task<ApiError?> CheckAsync(HttpContext context, ApiEndpoint endpoint)
    {
        var subject = RateLimitSubject.Of(context, Caller.Find(context), options.Value.TrustForwardedFor);
        var decision = await limiter.AcquireAsync(endpoint.RateLimit, subject, context.RequestAborted);
        if (decision.Counted is not null) context.Items[CountedKey] = decision.Counted;
        if (decision.Quota is { } quota)
        {
            var headers = context.Response.Headers;
            headers["RateLimit-Limit"] = quota.Limit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = quota.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = quota.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        }
        return decision.Outcome switch
        {
            RateLimitOutcome.Rejected => ApiError.TooManyRequests(decision.RetryAfterSeconds),
            RateLimitOutcome.StoreUnavailable => ApiError.Unavailable("Requests cannot be counted right now; please try again shortly.", decision.RetryAfterSeconds),
            _ => null,
        };
    }
}
