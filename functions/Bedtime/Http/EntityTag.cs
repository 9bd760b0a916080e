using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bedtime.Http;

/// <summary>
/// Weak entity tags for cheap polling: a client that sends back (<c>If-None-Match</c>) the tag of the representation
/// it holds gets <c>304</c> without a body while nothing changed.
/// </summary>
public static class EntityTag
{
    /// <summary>A weak tag from a stored version (e.g. a Cosmos DB <c>_etag</c>, which carries its own quotes).</summary>
    public static string Weak(string version) => $"W/\"{version.Trim('"')}\"";

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="tag"/> (weak comparison) or is <c>*</c>.</summary>
    public static bool Matches(HttpRequest request, string tag)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var sent)) return false;
        var current = EntityTagHeaderValue.Parse(tag);
        return sent.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    public static IResult NotModified(string tag) => new NotModifiedResult(tag);

    private sealed class NotModifiedResult(string tag) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status304NotModified;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            httpContext.Response.Headers.ETag = tag;
            return Task.CompletedTask;
        }
    }
}
