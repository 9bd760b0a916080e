using Bedtime.Platform;
using Bedtime.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Http;

public sealed class CreateUploadFunction(CreateUploadHandler handler)
{
    [Function(FunctionNames.CreateUpload)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.Uploads)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class ListUploadsFunction(ListUploadsHandler handler)
{
    [Function(FunctionNames.ListUploads)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Uploads)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class CreateUploadSessionFunction(CreateUploadSessionHandler handler)
{
    [Function(FunctionNames.CreateUploadSession)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.UploadSessions)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class GetUploadFunction(GetUploadHandler handler)
{
    [Function(FunctionNames.GetUpload)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.Upload)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class DeleteUploadFunction(DeleteUploadHandler handler)
{
    [Function(FunctionNames.DeleteUpload)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Upload)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}

public sealed class CompleteUploadFunction(CompleteUploadHandler handler)
{
    [Function(FunctionNames.CompleteUpload)]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.UploadComplete)] HttpRequest request) =>
        handler.HandleAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
