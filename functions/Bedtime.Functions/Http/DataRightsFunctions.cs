using Bedtime.DataRights;
using Bedtime.DataRights.Erasure;
using Bedtime.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

public sealed class ExportMyDataFunction(ExportMyDataHandler handler)
{
    [Function(FunctionNames.ExportMyData)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.MyExport)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class EraseMyDataFunction(EraseMyDataHandler handler)
{
    [Function(FunctionNames.EraseMyData)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", "options", Route = Routes.Me)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class GetMyErasureFunction(GetMyErasureHandler handler)
{
    [Function(FunctionNames.GetMyErasure)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.MyErasure)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
