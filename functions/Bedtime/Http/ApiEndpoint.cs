using Bedtime.Security.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Http;

/// <summary>Handles one API operation. Route values (e.g. <c>id</c>) are in <c>context.Request.RouteValues</c>.</summary>
public interface IApiHandler
{
    Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken);
}

public enum EndpointAccess { Anonymous, User, Admin }

/// <summary>
/// One HTTP operation: its name (the Functions function that serves it is named so), method, route (relative to
/// <c>/api</c>), handler and who may call it.
/// </summary>
public sealed record ApiEndpoint(string Name, string Method, string Route, Type Handler, EndpointAccess Access)
{
    private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(Route), new RouteValueDictionary());

    public string Path => "/api/" + Route;

    /// <summary>The rate limits this operation counts against.</summary>
    public RateLimitPolicy RateLimit { get; init; } = RateLimitPolicy.General;

    /// <summary>Whether the request is cut off at <see cref="HttpOptions.RequestTimeout"/>; not for the copy of a client's
    /// file, whose size sets its time, nor the operator's long operations.</summary>
    public bool Bounded { get; init; } = true;

    /// <summary>The audit action every request that reaches this operation is recorded as (Bedtime.Audit); null: not audited.</summary>
    public string? Audited { get; init; }

    internal bool TryMatch(PathString relativePath, RouteValueDictionary values) => _matcher.TryMatch(relativePath, values);

    /// <summary>The operation the shared pipeline matched for this request.</summary>
    public static ApiEndpoint Matched(HttpContext context) =>
        context.Items[typeof(ApiEndpoint)] as ApiEndpoint ?? throw new InvalidOperationException("The shared pipeline has not matched this request.");

    internal static void SetMatched(HttpContext context, ApiEndpoint endpoint) => context.Items[typeof(ApiEndpoint)] = endpoint;

    /// <summary>Runs the matched operation's handler from the request's services.</summary>
    public static Task<IResult> DispatchAsync(HttpContext context) =>
        ((IApiHandler)context.RequestServices.GetRequiredService(Matched(context).Handler)).HandleAsync(context, context.RequestAborted);
}

/// <summary>An endpoint only one host serves (e.g. the local runner's development token issuer).</summary>
public sealed record HostEndpoint(ApiEndpoint Endpoint);
