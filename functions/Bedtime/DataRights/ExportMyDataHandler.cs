using System.Text.Json;
using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.Storage;
using Bedtime.Security;
using Bedtime.Stories;
using Bedtime.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bedtime.DataRights;

/// <summary>
/// <c>GET /api/me/export</c>: everything the caller owns, as one NDJSON download (<see cref="ExportManifest"/>):
/// written page by page as it is read, each line flushed, so memory stays flat whatever the account holds.
/// </summary>
public sealed class ExportMyDataHandler(
    DocumentStore<StoryDocument> stories, DocumentStore<UploadDocument> uploads, StoryAudio audio, BlobLinks links,
    IOptions<StoryOptions> options, TimeProvider clock) : IApiHandler
{
    public const string ContentType = "application/x-ndjson";
    private const int PageSize = 50;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var owner = Caller.Of(context).OwnerId;
        return Task.FromResult<IResult>(new Streamed(http => ExportAsync(http.Response, owner, http.RequestAborted)));
    }

    private async Task ExportAsync(HttpResponse response, string owner, CancellationToken cancellationToken)
    {
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"bedtime-export-{clock.GetUtcNow():yyyyMMdd}.ndjson\"";
        response.Headers.CacheControl = "no-store";
        await WriteAsync(response, ExportManifest.At(clock.GetUtcNow()), cancellationToken);

        var storyCount = 0;
        string? continuation = null;
        do
        {
            var page = await stories.ListNewestFirstAsync(owner, PageSize, continuation, cancellationToken);
            foreach (var story in page?.Items ?? [])
            {
                await WriteAsync(response, new ExportedStory("story", await audio.ResourceAsync(story, cancellationToken)), cancellationToken);
                storyCount++;
            }
            continuation = page?.Continuation;
        }
        while (continuation is not null);

        var uploadCount = 0;
        do
        {
            var page = await uploads.ListNewestFirstAsync(owner, PageSize, continuation, cancellationToken);
            foreach (var upload in page?.Items ?? [])
            {
                await WriteAsync(response, new ExportedUpload("upload", UploadResource.From(upload), await FileAsync(upload, cancellationToken)), cancellationToken);
                uploadCount++;
            }
            continuation = page?.Continuation;
        }
        while (continuation is not null);

        await WriteAsync(response, new ExportEnd("end", storyCount, uploadCount), cancellationToken);
    }

    private async Task<ExportedFile?> FileAsync(UploadDocument upload, CancellationToken cancellationToken)
    {
        if (upload.Status != UploadStatus.Ready) return null;
        var lifetime = options.Value.AudioLinkLifetime;
        var url = await links.ReadLinkAsync(BlobContainers.Uploads, upload.BlobName, lifetime, cancellationToken);
        return new ExportedFile(url.AbsoluteUri, clock.GetUtcNow() + lifetime);
    }

    private static async Task WriteAsync<T>(HttpResponse response, T line, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(response.Body, line, JsonDefaults.Options, cancellationToken);
        await response.Body.WriteAsync(NewLine, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private sealed class Streamed(Func<HttpContext, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);
    }
}
