using System.Diagnostics;
using System.Net;
using Bedtime.Local.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Bedtime.Local.FunctionsHost;

/// <summary>
/// HTTP as the Functions host serves it to an isolated worker with the ASP.NET Core integration: the host matches the
/// route (routePrefix + the function's route and methods; anything else is a plain 404, as the real host answers),
/// sends the invocation, and forwards the request itself — method, path, headers, the body streamed — to the worker's
/// own HTTP endpoint with the invocation id, where the worker writes the response.
/// </summary>
public sealed partial class HttpGateway(WorkerLink worker, IHttpForwarder forwarder, ILogger<HttpGateway> logger)
{
    public const string InvocationIdHeader = "x-ms-invocation-id";
    private const string WorkerRestartRetryAfterSeconds = "2";

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    private Ready? _ready;

    private sealed record Ready(FunctionTable Functions, Uri WorkerHttpUri, string RoutePrefix, TimeSpan FunctionTimeout);

    public void Open(FunctionTable functions, Uri workerHttpUri, string routePrefix, TimeSpan functionTimeout) =>
        _ready = new Ready(functions, workerHttpUri, "/" + routePrefix.Trim('/'), functionTimeout);

    public async Task HandleAsync(HttpContext context)
    {
        if (_ready is not { } ready)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        var request = context.Request;
        if (!request.Path.StartsWithSegments(ready.RoutePrefix, out var relative)
            || ready.Functions.Match(request.Method, relative) is not { } function)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!worker.IsLoaded)
        {
            WorkerRestarting(context.Response);
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "", TraceState = Activity.Current?.TraceStateString ?? "" },
        };
        invocation.InputData.Add(new ParameterBinding { Name = function.BindingName, Data = new TypedData { Http = new RpcHttp() } });

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ready.FunctionTimeout);
        var channel = worker.Current;
        var result = channel.InvokeAsync(invocation, timeout.Token);
        request.Headers[InvocationIdHeader] = invocationId;
        var error = await forwarder.SendAsync(context, ready.WorkerHttpUri.AbsoluteUri, _client,
            new ForwarderRequestConfig { ActivityTimeout = ready.FunctionTimeout }, ForwardedHeaders.Instance);

        var outcome = await OutcomeAsync(channel, result, invocationId);
        if (error != ForwarderError.None)
        {
            LogForwardFailed(logger, function.Name, invocationId, error.ToString());
            if (!context.Response.HasStarted && channel.Ended.IsCompleted) WorkerRestarting(context.Response); // it died meanwhile
            else if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
        LogExecuted(logger, function.Name, outcome, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The worker is being restarted: unavailable for a moment, as the real host answers while it restarts.</summary>
    private static void WorkerRestarting(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = WorkerRestartRetryAfterSeconds;
    }

    private async Task<string> OutcomeAsync(WorkerChannel channel, Task<InvocationResponse> result, string invocationId)
    {
        try
        {
            var response = await result;
            if (response.Result.Status == StatusResult.Types.Status.Success) return "Succeeded";
            LogFailure(logger, invocationId, response.Result.Exception?.Type ?? "", response.Result.Exception?.Message ?? response.Result.Result);
            return "Failed";
        }
        catch (OperationCanceledException)
        {
            channel.Cancel(invocationId);
            return "Cancelled";
        }
        catch (WorkerGoneException)
        {
            return "Failed (worker gone)";
        }
    }

    /// <summary>Adds the X-Forwarded-* headers the real host's forwarding adds, so the worker sees the client's address.</summary>
    private sealed class ForwardedHeaders : HttpTransformer
    {
        public static readonly ForwardedHeaders Instance = new();

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            if (httpContext.Connection.RemoteIpAddress is { } client)
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
        }
    }

    [LoggerMessage(EventId = 9120, Level = LogLevel.Information, Message = "Executed 'Functions.{Function}' ({Outcome}, Id={InvocationId}, Duration={DurationMs}ms)")]
    private static partial void LogExecuted(ILogger logger, string function, string outcome, string invocationId, long durationMs);

    [LoggerMessage(EventId = 9121, Level = LogLevel.Error, Message = "Invocation {InvocationId} failed: {ExceptionType}: {Message}")]
    private static partial void LogFailure(ILogger logger, string invocationId, string exceptionType, string message);

    [LoggerMessage(EventId = 9122, Level = LogLevel.Error, Message = "Forwarding {Function} ({InvocationId}) to the worker failed: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, string function, string invocationId, string error);
}
