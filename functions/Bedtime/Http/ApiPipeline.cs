using Bedtime.Audit;
using Bedtime.Security;
using Bedtime.Security.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Http;

/// <summary>
/// The one HTTP pipeline both hosts run around every API request: request id, security headers, CORS,
/// route matching (404/405 as problem details), body limits, a time bound (503 with Retry-After when a dependency
/// keeps the request past it), authentication and roles, rate limits, unexpected errors as a 500 problem without
/// details, and the audit entry of an audited operation, however it ended. The handler's result is executed here too,
/// inside the error handling and the log scope, whichever host runs the pipeline.
/// </summary>
public sealed partial class ApiPipeline(
    IOptions<HttpOptions> http, IOptions<CorsOptions> cors, Authenticator authenticator, IEnumerable<HostEndpoint> hostEndpoints,
    RateLimitGate rateLimits, AuditTrail audit, TimeProvider clock, ILogger<ApiPipeline> logger)
{
    private readonly IReadOnlyList<ApiEndpoint> _endpoints = [.. ApiCatalogue.Endpoints, .. hostEndpoints.Select(h => h.Endpoint)];
    private readonly IReadOnlySet<string> _origins = cors.Value.Origins();

    /// <summary>Runs the pipeline around <paramref name="handle"/>, which runs the matched operation (see
    /// <see cref="ApiEndpoint.Matched"/>) and returns its result for the pipeline to execute, or null when it wrote the response itself.</summary>
    /// <param name="function">The Functions function the host routed the request to: its endpoint is the only candidate
    /// (the host has matched the route already). Null: the request is matched against every endpoint.</param>
    public async Task InvokeAsync(HttpContext context, Func<HttpContext, Task<IResult?>> handle, string? function = null)
    {
        var requestId = RequestId.Assign(context);
        context.Response.OnStarting(static state => { SecurityHeaders.Apply((HttpContext)state); return Task.CompletedTask; }, context);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId });

        if (await Cors.AnsweredAsync(context, _origins, cors.Value.PreflightMaxAgeSeconds)) return;

        IEnumerable<ApiEndpoint> candidates = function is not null && ApiCatalogue.ForFunction(function) is { } routed ? [routed] : _endpoints;
        var endpoint = ApiCatalogue.Match(candidates, context.Request.Method, context.Request.Path, context.Request.RouteValues, out var pathMatched);
        if (endpoint is null)
        {
            await ProblemResult.WriteAsync(context, pathMatched ? ApiError.MethodNotAllowed() : ApiError.RouteNotFound());
            return;
        }
        ApiEndpoint.SetMatched(context, endpoint);
        try
        {
            await RunAsync(context, endpoint, handle);
        }
        finally
        {
            if (endpoint.Audited is { } action) await audit.RecordAsync(context, action);
        }
    }

    private async Task RunAsync(HttpContext context, ApiEndpoint endpoint, Func<HttpContext, Task<IResult?>> handle)
    {
        var limit = BodyLimit(endpoint);
        if (context.Request.ContentLength > limit)
        {
            await ProblemResult.WriteAsync(context, ApiError.PayloadTooLarge(limit));
            return;
        }
        // Where the server supports it (Kestrel), also stop bodies that lie about or omit their length.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit;

        // Everything after this point (authentication, rate limits, the handler) runs on the bounded token.
        var clientAborted = context.RequestAborted;
        using var bound = endpoint.Bounded ? new RequestBound(WorkTime(http.Value.RequestTimeout), clock, clientAborted) : null;
        if (bound is not null)
        {
            context.RequestAborted = bound.Token;
            context.Request.Body = bound.Measure(context.Request.Body);
        }
        try
        {
            if (endpoint.Access != EndpointAccess.Anonymous)
            {
                var caller = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
                if (!caller.IsSuccess)
                {
                    await ProblemResult.WriteAsync(context, caller.Error!);
                    return;
                }
                Caller.Set(context, caller.Value); // also for a refusal: the audit names who was refused
                if (endpoint.Access == EndpointAccess.Admin && !caller.Value.IsAdmin)
                {
                    await ProblemResult.WriteAsync(context, ApiError.Forbidden("This operation needs the 'admin' role."));
                    return;
                }
            }
            if (await rateLimits.CheckAsync(context, endpoint) is { } limited)
            {
                await ProblemResult.WriteAsync(context, limited);
                return;
            }
            var handling = handle(context);
            if (bound is not null && !await bound.WaitAsync(handling, Grace(http.Value.RequestTimeout)))
            {
                await AnswerPastBoundAsync(context, endpoint, handling, clientAborted);
                return;
            }
            if (await handling is { } result)
            {
                await rateLimits.SettleAsync(context, endpoint, result);
                await result.ExecuteAsync(context);
            }
        }
        catch (OperationCanceledException) when (clientAborted.IsCancellationRequested)
        {
            LogAborted(logger, context.Request.Method, endpoint.Route);
        }
        catch (Exception) when (bound is { Expired: true } && !context.Response.HasStarted)
        {
            // Whatever the handler was waiting for did not answer in time (it was cancelled, or failed on the way out).
            LogTimedOut(logger, context.Request.Method, endpoint.Route, http.Value.RequestTimeout.TotalSeconds);
            context.RequestAborted = clientAborted;
            context.Response.Clear();
            await ProblemResult.WriteAsync(context, ApiError.Unavailable("A service this request needs is too slow to answer; try again shortly.", DependencyFailures.RetryAfterSeconds));
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await ProblemResult.WriteAsync(context, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiError.PayloadTooLarge(limit)
                : ApiError.BadRequest("The request could not be read."));
        }
        catch (Exception ex) when (!context.Response.HasStarted && DependencyFailures.IsOutage(ex))
        {
            LogOutage(logger, ex.GetType().Name, context.Request.Method, endpoint.Route);
            context.Response.Clear();
            await ProblemResult.WriteAsync(context, ApiError.Unavailable("A service this request needs is not answering; try again shortly.", DependencyFailures.RetryAfterSeconds));
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, ex, context.Request.Method, endpoint.Route);
            context.Response.Clear();
            await ProblemResult.WriteAsync(context, ApiError.Unexpected());
        }
    }

    /// <summary>
    /// The handler is still running after its work was cancelled and a grace period passed: something it waits for does
    /// not observe cancellation (an SDK's shared metadata fetch, a stalled socket). Answer 503 now and complete the
    /// response, then wait for the handler to end before returning, so the request's context stays valid for it.
    /// </summary>
    private async Task AnswerPastBoundAsync(HttpContext context, ApiEndpoint endpoint, Task<IResult?> handling, CancellationToken clientAborted)
    {
        LogNotCancelled(logger, context.Request.Method, endpoint.Route, http.Value.RequestTimeout.TotalSeconds);
        context.RequestAborted = clientAborted;
        try
        {
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ProblemResult.WriteAsync(context, ApiError.Unavailable("A service this request needs is too slow to answer; try again shortly.", DependencyFailures.RetryAfterSeconds));
                await context.Response.CompleteAsync();
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException) { } // the client is gone
        // Answered already: an expected failure changes nothing, an unexpected one is still logged.
        try { await handling; }
        catch (Exception ex) when (ex is OperationCanceledException || DependencyFailures.IsOutage(ex)) { }
        catch (Exception ex) { LogUnexpected(logger, ex, context.Request.Method, endpoint.Route); }
    }

    /// <summary>How long a cancelled handler may take to stop by itself: half the margin between work time and bound.</summary>
    private static TimeSpan Grace(TimeSpan bound) => (bound - WorkTime(bound)) / 2;

    /// <summary>The work is cancelled a second before the bound (a quarter of a short one), so that the 503 is out by
    /// then: with half a second, answers through the Functions host reached 9.7 s of 10 under the fault suite's load.</summary>
    private static TimeSpan WorkTime(TimeSpan bound) => bound - TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, bound.Ticks / 4));

    private long BodyLimit(ApiEndpoint endpoint) =>
        endpoint.Route == Platform.Routes.Uploads && HttpMethods.IsPost(endpoint.Method)
            ? http.Value.MaxUploadBodyBytes
            : http.Value.MaxJsonBodyBytes;

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "{Method} {Route} was answered 503 at its bound of {BoundSeconds} s while its handler still ran: a call it waits for does not observe cancellation")]
    private static partial void LogNotCancelled(ILogger logger, string method, string route, double boundSeconds);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unexpected error in {Method} {Route}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string route);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "A dependency is unavailable ({Failure}) in {Method} {Route}; answered 503")]
    private static partial void LogOutage(ILogger logger, string failure, string method, string route);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{Method} {Route} took longer than its bound of {Seconds} s; cancelled and answered 503")]
    private static partial void LogTimedOut(ILogger logger, string method, string route, double seconds);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Client aborted {Method} {Route}")]
    private static partial void LogAborted(ILogger logger, string method, string route);
}
