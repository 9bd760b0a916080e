using Bedtime.Platform;
using Bedtime.Stories;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

// Authentication happens in the shared pipeline (ApiPipelineMiddleware), hence Anonymous at the host.
public sealed class CreateStoryFunction(CreateStoryHandler handler)
{
    [Function(FunctionNames.CreateStory)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.Stories)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class ListStoriesFunction(ListStoriesHandler handler)
{
    [Function(FunctionNames.ListStories)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Stories)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class GetStoryFunction(GetStoryHandler handler)
{
    [Function(FunctionNames.GetStory)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.Story)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class DeleteStoryFunction(DeleteStoryHandler handler)
{
    [Function(FunctionNames.DeleteStory)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Story)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
