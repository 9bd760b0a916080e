using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Bedtime.Functions;

/// <summary>Runs the application's shared HTTP pipeline around every HTTP-triggered function; other triggers pass through.</summary>
public sealed class ApiPipelineMiddleware(ApiPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        context.GetHttpContext() is { } http
            ? pipeline.InvokeAsync(http, async _ =>
            {
                await next(context);
                return TakeResult(context);
            })
            : next(context);

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
