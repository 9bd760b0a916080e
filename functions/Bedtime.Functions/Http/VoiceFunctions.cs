using Bedtime.Platform;
using Bedtime.Stories.Narration.Voices;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

public sealed class ListVoicesFunction(ListVoicesHandler handler)
{
    [Function(FunctionNames.ListVoices)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.Voices)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
