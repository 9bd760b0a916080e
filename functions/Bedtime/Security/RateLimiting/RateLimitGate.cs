using System.Globalization;
using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bedtime.Security.RateLimiting;

/// <summary>
/// The pipeline's rate-limit step: counts the request against its endpoint's policy, sets the <c>RateLimit-*</c>
/// headers, and returns the refusal (429, or 503 when story creation cannot be counted) or null to go on.
/// </summary>
public sealed class RateLimitGate(SharedRateLimits limiter, IOptions<RateLimitOptions> options)
{
    public async Task<ApiError?> CheckAsync(HttpContext context, ApiEndpoint endpoint)
    {
        var subject = RateLimitSubject.Of(context, Caller.Find(context), options.Value.TrustForwardedFor);
        var decision = await limiter.AcquireAsync(endpoint.RateLimit, subject, context.RequestAborted);
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
