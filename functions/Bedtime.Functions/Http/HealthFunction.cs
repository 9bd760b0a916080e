using Bedtime.Health;
using Bedtime.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

public sealed class HealthFunction(HealthHandler handler)
{
    [Function(FunctionNames.Health)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.Health)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
