using Bedtime.Backups;
using Bedtime.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

// The shared pipeline (ApiPipelineMiddleware) authenticates and requires the admin role, hence Anonymous at the host.
public sealed class RunBackupFunction(RunBackupHandler handler)
{
    [Function(FunctionNames.RunBackup)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.OpsBackups)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class ListBackupsFunction(ListBackupsHandler handler)
{
    [Function(FunctionNames.ListBackups)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpsBackups)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class VerifyBackupFunction(VerifyBackupHandler handler)
{
    [Function(FunctionNames.VerifyBackup)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.OpsBackupVerify)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class RestoreBackupFunction(RestoreBackupHandler handler)
{
    [Function(FunctionNames.RestoreBackup)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.OpsBackupRestore)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class GetBackupOperationFunction(GetBackupOperationHandler handler)
{
    [Function(FunctionNames.GetBackupOperation)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.OpsOperation)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
