using Bedtime.Http;
using Bedtime.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

public sealed class OpenApiFunction(OpenApiHandler handler)
{
    [Function(FunctionNames.OpenApi)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.OpenApi)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
