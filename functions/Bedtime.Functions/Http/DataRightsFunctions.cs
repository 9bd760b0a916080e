using Bedtime.DataRights;
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
