using Microsoft.AspNetCore.Http;

namespace Bedtime.Http;

/// <summary>CORS for the configured origins only. Other origins get no CORS headers (the browser then blocks the call).</summary>
public static class Cors
{
    private const string AllowedMethods = "GET, POST, DELETE";
    // Every request and response header of openapi.json is here (CorsTests): a browser can neither send a header
    // missing from the first list (its preflight fails) nor read one missing from the second.
    internal const string AllowedHeaders = "Authorization, Content-Type, Idempotency-Key, If-None-Match, X-Api-Key, X-File-Name, X-Request-Id";
    internal const string ExposedHeaders = "Location, ETag, Retry-After, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Content-Disposition";

    /// <summary>
    /// Applies CORS and answers what CORS alone decides: a preflight (204) or a refused origin's preflight (403
    /// problem). Every route a browser calls goes through here, the app's pipeline and the local host's own routes.
    /// </summary>
    /// <returns>true when the request has been answered and must go no further.</returns>
    public static async Task<bool> AnsweredAsync(HttpContext context, IReadOnlySet<string> allowedOrigins, int maxAgeSeconds)
    {
        if (!Apply(context, allowedOrigins, maxAgeSeconds, out var preflightAnswered))
        {
            await ProblemResult.WriteAsync(context, ApiError.OriginNotAllowed());
            return true;
        }
        return preflightAnswered;
    }

    /// <returns>false when a preflight comes from an origin that is not allowed.</returns>
    private static bool Apply(HttpContext context, IReadOnlySet<string> allowedOrigins, int maxAgeSeconds, out bool preflightAnswered)
    {
        preflightAnswered = false;
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var isPreflight = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method");
        if (string.IsNullOrEmpty(origin))
            return true;

        var allowed = allowedOrigins.Contains(origin);
        var headers = context.Response.Headers;
        headers.Append("Vary", "Origin");
        if (!allowed)
            return !isPreflight;

        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlExposeHeaders = ExposedHeaders;
        if (!isPreflight)
            return true;

        headers.AccessControlAllowMethods = AllowedMethods;
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = maxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        preflightAnswered = true;
        return true;
    }
}
