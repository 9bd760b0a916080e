using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Bedtime.Functions;

/// <summary>
/// Runs the application's shared HTTP pipeline around every HTTP-triggered function; other triggers pass through.
/// Platform CORS is off, so browsers' preflights reach the app: the host routes only the methods a function declares,
/// hence one function per route also declares <c>options</c>, and the pipeline answers the preflight without running it.
/// </summary>
public sealed class ApiPipelineMiddleware(ApiPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        // Handlers run on the request's token, which the pipeline bounds in time; the invocation's own (functionTimeout,
        // shutdown) cancels it too.
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, context.CancellationToken);
        http.RequestAborted = invocation.Token;
        await pipeline.InvokeAsync(http, async _ =>
        {
            await next(context);
            return TakeResult(context);
        }, context.FunctionDefinition.Name);
        // When the pipeline answered by itself (a preflight, a refusal) the function never ran: the response is written.
        context.GetInvocationResult().Value ??= Results.Empty;
    }

    /// <summary>
    /// The worker's HTTP integration executes a function's returned IResult only after every worker middleware has
    /// returned, outside the pipeline's error handling. Hand it to the pipeline instead, and leave the worker an
    /// empty result so nothing is written twice.
    /// </summary>
    private static IResult? TakeResult(FunctionContext context)
    {
        var invocation = context.GetInvocationResult();
        if (invocation.Value is not IResult result) return null;
        invocation.Value = Results.Empty;
        return result;
    }
}
