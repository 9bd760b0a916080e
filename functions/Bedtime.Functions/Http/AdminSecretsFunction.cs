using Bedtime.Platform;
using Bedtime.Secrets.Rotation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

// The admin role is checked in the shared pipeline (ApiPipelineMiddleware), hence Anonymous at the host.
public sealed class RotateSecretsFunction(RotateSecretsHandler handler)
{
    [Function(FunctionNames.RotateSecrets)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.OpsSecretsRotate)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
