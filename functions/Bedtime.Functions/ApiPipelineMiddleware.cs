using Bedtime.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Bedtime.Functions;

/// <summary>Runs the application's shared HTTP pipeline around every HTTP-triggered function; other triggers pass through.</summary>
public sealed class ApiPipelineMiddleware(ApiPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        context.GetHttpContext() is { } http
            ? pipeline.InvokeAsync(http, _ => next(context))
            : next(context);
}
