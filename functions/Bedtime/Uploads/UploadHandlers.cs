using System.ComponentModel.DataAnnotations;
using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.Storage;
using Bedtime.Security;
using Bedtime.Uploads.Inspection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Uploads;

/// <summary>
/// <c>POST /api/uploads</c>: the raw body is streamed to storage while hashed and inspected; accepted by content
/// only. 201 with the upload, processing queued; 413 when too large; 415 with a reason when not an allowed kind; 408
/// when the body takes longer than <see cref="UploadOptions.ReceiveTimeout"/>. Nothing is left half-done: the record
/// is written first (<c>receiving</c>) and the message queued before the record says <c>received</c>, so a crash or an
/// outage at any step leaves either a finished upload or a <c>receiving</c> record that the sweeper clears with its blob
/// (the job handler waits for a record still receiving).
/// </summary>
public sealed partial class CreateUploadHandler(
    UploadStreaming streaming, Func<IUploadInspector> inspectors, DocumentStore<UploadDocument> uploads, UploadQuota quota,
    IJobQueue queue, UploadMetrics metrics, TimeProvider clock, IOptions<HttpOptions> http, IOptions<UploadOptions> options,
    IOptions<JobsOptions> jobs, ILogger<CreateUploadHandler> logger) : IApiHandler
{
    public const string FileNameHeader = "X-File-Name";

    /// <summary>How long undoing a refused or failed upload may take, whatever the request's own state.</summary>
    private static readonly TimeSpan CleanUpTimeout = TimeSpan.FromSeconds(3);

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(context);
        var request = context.Request;
        var limit = http.Value.MaxUploadBodyBytes; // the same limit the pipeline gives the server for this route
        if (request.ContentLength > limit)
            return Rejected(ApiError.PayloadTooLarge(limit));
        if (await quota.CheckAsync(caller.OwnerId, request.ContentLength ?? 0, cancellationToken) is { } over)
            return Rejected(over);

        var now = clock.GetUtcNow();
        var receiving = new UploadDocument
        {
            Id = ResourceIds.NewUpload(), OwnerId = caller.OwnerId, Status = UploadStatus.Receiving, FileName = FileNames.ForDisplay(DeclaredName(request)),
            ContentType = request.ContentType ?? "application/octet-stream", SizeBytes = request.ContentLength ?? 0, CreatedAt = now, UpdatedAt = now,
        };
        await uploads.CreateAsync(receiving, caller.OwnerId, cancellationToken);
        var done = false;
        try
        {
            var staged = await ReceiveAsync(request, receiving.Id, limit, cancellationToken);
            if (!staged.IsSuccess) return Rejected(staged.Error!);
            var content = staged.Value;
            var refusal = request.ContentLength is { } declared && declared != content.SizeBytes
                ? ApiError.BadRequest("The body's length does not match its Content-Length.")
                : Refusal(content.Verdict, request.ContentType);
            if (refusal is not null) return Rejected(refusal);

            await streaming.CommitAsync(receiving.Id, content, cancellationToken);
            await queue.EnqueueAsync(QueueNames.UploadJobs, JobMessage.Create(receiving.Id, caller.OwnerId, "upload", clock), cancellationToken);
            now = clock.GetUtcNow();
            var upload = await uploads.ReplaceAsync(receiving with
            {
                Status = UploadStatus.Received, ContentType = content.Verdict.ContentType!, Kind = content.Verdict.Kind, SizeBytes = content.SizeBytes,
                Measurements = content.Verdict.Measurements, Sha256 = content.Sha256, UpdatedAt = now, RetryDeadline = now + jobs.Value.RetryBudget,
            }, receiving.Id, caller.OwnerId, etag: null, cancellationToken);
            if (upload is null) // deleted by its owner meanwhile
                return Rejected(ApiError.Conflict("The upload was deleted while it was being received."));
            done = true;
            metrics.Received(upload.Kind!.Value);
            LogReceived(logger, upload.Id, OwnerHash.Of(caller.OwnerId), upload.ContentType, upload.SizeBytes);
            return new JsonResponse(UploadResource.From(upload), StatusCodes.Status201Created, $"/api/uploads/{upload.Id}");
        }
        finally
        {
            if (!done)
            {
                var abandoning = AbandonAsync(receiving);
                // Past the request's bound the answer does not wait for it (it has its own timeout, never throws, and
                // what it cannot do the sweeper does): a hung dependency would otherwise hold the 503 back by that long.
                if (!cancellationToken.IsCancellationRequested) await abandoning;
            }
        }
    }

    /// <summary>Streams the body to storage within the receive timeout (408 after it).</summary>
    private async Task<Result<StreamedContent>> ReceiveAsync(HttpRequest request, string blobName, long limit, CancellationToken cancellationToken)
    {
        using var late = new CancellationTokenSource(options.Value.ReceiveTimeout, clock);
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, late.Token);
        try
        {
            return await streaming.StageAsync(request.Body, blobName, request.ContentLength, limit, inspectors(), receiving.Token);
        }
        catch (OperationCanceledException) when (late.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ApiError(408, "receive_timeout", "The upload took too long to arrive.",
                $"A file sent in the request must arrive within {options.Value.ReceiveTimeout.TotalSeconds:0} s; use an upload session for slow connections.");
        }
    }

    /// <summary>
    /// Undoes an upload that did not end in 201: its blob first, then its record, both even if the client has gone. What
    /// fails here (an outage) stays a <c>receiving</c> record, which the sweeper clears later.
    /// </summary>
    private async Task AbandonAsync(UploadDocument receiving)
    {
        using var cleanUp = new CancellationTokenSource(CleanUpTimeout, clock);
        try
        {
            await streaming.DeleteAsync(receiving.BlobName, cleanUp.Token); // none when only uncommitted blocks were staged
            await uploads.DeleteAsync(receiving.OwnerId, receiving.Id, cleanUp.Token);
        }
        catch (Exception failure) // best effort: the request's own answer or exception stands
        {
            LogLeftForSweeper(logger, receiving.Id, failure.GetType().Name);
        }
    }

    /// <summary>Why the content is refused (415), or null when it is an allowed kind that agrees with its declared type.</summary>
    internal static ApiError? Refusal(InspectionVerdict verdict, string? declaredType)
    {
        if (!verdict.Accepted)
            return new ApiError(415, "unsupported_content", "This kind of file is not accepted.", verdict.RejectionReason!);
        if (!UploadInspector.Agrees(declaredType, verdict))
            return new ApiError(415, "content_type_mismatch", "The file is not what its Content-Type says.",
                $"The content is {verdict.ContentType}, but it was sent as {declaredType}.");
        return null;
    }

    private IResult Rejected(ApiError error)
    {
        metrics.Rejected(error.Code);
        return new ProblemResult(error);
    }

    private static string? DeclaredName(HttpRequest request) =>
        request.Headers[FileNameHeader].FirstOrDefault() is { Length: > 0 } header ? Uri.UnescapeDataString(header) : request.Query["fileName"].FirstOrDefault();

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Received upload {UploadId} for owner {OwnerHash}: {ContentType}, {SizeBytes} bytes")]
    private static partial void LogReceived(ILogger logger, string uploadId, string ownerHash, string contentType, long sizeBytes);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Upload {UploadId} was not received and could not be undone now ({Failure}); the sweeper removes it")]
    private static partial void LogLeftForSweeper(ILogger logger, string uploadId, string failure);
}

/// <summary>The body of <c>POST /api/uploads/sessions</c>.</summary>
public sealed record UploadSessionRequest(
    [property: Required, StringLength(255, MinimumLength = 1)] string FileName,
    [property: Required, StringLength(100, MinimumLength = 3), RegularExpression(@"^[a-z]+/[a-z0-9.+-]+$", ErrorMessage = "Use a media type such as image/png.")] string ContentType,
    [property: Range(1, long.MaxValue)] long SizeBytes,
    [property: MinLength(64, ErrorMessage = "Use the hex SHA-256 of the file."), RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Use the hex SHA-256 of the file.")] string? Sha256 = null);

/// <summary>
/// <c>POST /api/uploads/sessions</c>: for large files. Returns a short-lived, create-only link to one new blob; the
/// client then calls <c>POST /api/uploads/{id}/complete</c>.
/// </summary>
public sealed class CreateUploadSessionHandler(
    JsonBody json, DocumentStore<UploadDocument> uploads, UploadQuota quota, BlobLinks links, TimeProvider clock, IOptions<UploadOptions> options) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(context);
        var body = await json.ReadAsync<UploadSessionRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess) return new ProblemResult(body.Error!);
        var request = body.Value;
        var limit = options.Value.MaxSessionBytes;
        if (request.SizeBytes > limit) return new ProblemResult(ApiError.PayloadTooLarge(limit));
        if (await quota.CheckAsync(caller.OwnerId, request.SizeBytes, cancellationToken) is { } over) return new ProblemResult(over);

        var id = ResourceIds.NewUpload();
        var now = clock.GetUtcNow();
        var lifetime = options.Value.SessionLifetime;
        var upload = new UploadDocument
        {
            Id = id, OwnerId = caller.OwnerId, Status = UploadStatus.Pending, FileName = FileNames.ForDisplay(request.FileName),
            ContentType = request.ContentType, SizeBytes = request.SizeBytes, ExpectedSha256 = request.Sha256?.ToLowerInvariant(),
            SessionExpiresAt = now + lifetime, CreatedAt = now, UpdatedAt = now,
        };
        await uploads.CreateAsync(upload, caller.OwnerId, cancellationToken);
        var link = await links.CreateOnlyLinkAsync(BlobContainers.Uploads, upload.StagingBlobName, lifetime, cancellationToken);
        return new JsonResponse(new UploadSessionResource(id, link.AbsoluteUri, now + lifetime, request.SizeBytes), StatusCodes.Status201Created, $"/api/uploads/{id}");
    }
}

/// <summary>
/// <c>POST /api/uploads/{id}/complete</c>: checks the staged blob's size from its properties before reading anything,
/// then copies it, pinned to the version whose size was checked, to the blob processing reads (which only the server
/// writes), checking hash and content on the way, and queues processing. The staged blob stays until the sweeper
/// removes it after the link has expired: while it exists the create-only link cannot write again.
/// </summary>
public sealed class CompleteUploadHandler(
    DocumentStore<UploadDocument> uploads, UploadStreaming streaming, Func<IUploadInspector> inspectors, IJobQueue queue,
    UploadMetrics metrics, TimeProvider clock, IOptions<JobsOptions> jobs) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var owner = Caller.Of(context).OwnerId;
        var id = context.Request.RouteValues["id"] as string;
        if (!ResourceIds.IsUpload(id) || await uploads.GetAsync(owner, id!, cancellationToken) is not { } upload)
            return new ProblemResult(ApiError.NotFound("upload"));
        if (upload.Status != UploadStatus.Pending)
            return new JsonResponse(UploadResource.From(upload), StatusCodes.Status202Accepted); // completing twice is harmless
        if (upload.SessionExpiresAt < clock.GetUtcNow())
            return new ProblemResult(new ApiError(410, "session_expired", "The upload session has expired.", "Start a new upload session."));

        if (await streaming.StagedAsync(upload.StagingBlobName, cancellationToken) is not { } staged)
            return new ProblemResult(new ApiError(409, "upload_missing", "Nothing has been uploaded yet.", "PUT the file to the session's uploadUrl first."));
        if (staged.Size != upload.SizeBytes)
            return await RejectAsync(upload, owner, new ApiError(409, "size_mismatch", "The uploaded file has the wrong size.",
                $"The session declared {upload.SizeBytes} bytes; {staged.Size} arrived."), cancellationToken);

        Result<StreamedContent> copied;
        try
        {
            copied = await streaming.CopyStagedAsync(upload.StagingBlobName, upload.BlobName, staged.Size, staged.ETag, inspectors(), cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == StatusCodes.Status412PreconditionFailed)
        {
            copied = new ApiError(409, "upload_changed", "The uploaded file changed while it was being checked.", "Start a new upload session.");
        }
        if (!copied.IsSuccess) return await RejectAsync(upload, owner, copied.Error!, cancellationToken);
        var content = copied.Value;
        var problem = upload.ExpectedSha256 is { } expected && expected != content.Sha256
            ? new ApiError(409, "hash_mismatch", "The uploaded file's SHA-256 differs.", "The file arrived damaged or is not the one declared.")
            : CreateUploadHandler.Refusal(content.Verdict, upload.ContentType);
        if (problem is not null)
        {
            await streaming.DiscardAsync(upload.BlobName, content, CancellationToken.None);
            return await RejectAsync(upload, owner, problem, cancellationToken);
        }
        await streaming.CommitAsync(upload.BlobName, content, cancellationToken);
        // Queued before the record says received (the job waits while it is pending): a crash or an outage in between
        // leaves a pending session, which the sweeper clears with its blob once it has expired.
        await queue.EnqueueAsync(QueueNames.UploadJobs, JobMessage.Create(upload.Id, owner, "upload", clock), cancellationToken);
        var received = await uploads.ReplaceAsync(upload with
        {
            Status = UploadStatus.Received, ContentType = content.Verdict.ContentType!, Kind = content.Verdict.Kind, Sha256 = content.Sha256,
            Measurements = content.Verdict.Measurements, SizeBytes = content.SizeBytes, SessionExpiresAt = null, UpdatedAt = clock.GetUtcNow(), RetryDeadline = clock.GetUtcNow() + jobs.Value.RetryBudget,
        }, upload.Id, owner, upload.ETag, cancellationToken);
        if (received is null) // a concurrent completion won, or the owner deleted it
            return await uploads.GetAsync(owner, upload.Id, cancellationToken) is { } current
                ? new JsonResponse(UploadResource.From(current), StatusCodes.Status202Accepted)
                : new ProblemResult(ApiError.NotFound("upload"));
        metrics.Received(received.Kind!.Value);
        return new JsonResponse(UploadResource.From(received), StatusCodes.Status202Accepted, $"/api/uploads/{upload.Id}");
    }

    /// <summary>The session ends rejected. Its staged blob stays for the sweeper, so the link cannot write a new one.</summary>
    private async Task<IResult> RejectAsync(UploadDocument upload, string owner, ApiError problem, CancellationToken cancellationToken)
    {
        await uploads.ReplaceAsync(upload with { Status = UploadStatus.Rejected, Error = new UploadError(problem.Code, problem.Detail), UpdatedAt = clock.GetUtcNow() },
            upload.Id, owner, upload.ETag, cancellationToken);
        metrics.Rejected(problem.Code);
        return new ProblemResult(problem);
    }
}

public sealed class GetUploadHandler(DocumentStore<UploadDocument> uploads) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var id = context.Request.RouteValues["id"] as string;
        return ResourceIds.IsUpload(id) && await uploads.GetAsync(Caller.Of(context).OwnerId, id!, cancellationToken) is { } upload
            ? new JsonResponse(UploadResource.From(upload))
            : new ProblemResult(ApiError.NotFound("upload"));
    }
}

public sealed class ListUploadsHandler(DocumentStore<UploadDocument> uploads, IOptions<UploadOptions> options) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var paging = Paging.Read(context.Request, options.Value.MaxPageSize);
        if (!paging.IsSuccess) return new ProblemResult(paging.Error!);
        var page = await uploads.ListNewestFirstAsync(Caller.Of(context).OwnerId, paging.Value.Limit, paging.Value.Continuation, cancellationToken);
        return page is null
            ? new ProblemResult(ApiError.BadRequest("The continuation token is not valid."))
            : new JsonResponse(new UploadPage(page.Items.Select(UploadResource.From).ToList(), page.Continuation));
    }
}

/// <summary><c>DELETE /api/uploads/{id}</c>: the blob first, then the record, so nothing is left pointing at a missing file.</summary>
public sealed class DeleteUploadHandler(DocumentStore<UploadDocument> uploads, UploadStreaming streaming) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var owner = Caller.Of(context).OwnerId;
        var id = context.Request.RouteValues["id"] as string;
        if (!ResourceIds.IsUpload(id) || await uploads.GetAsync(owner, id!, cancellationToken) is not { } upload)
            return new ProblemResult(ApiError.NotFound("upload"));
        await streaming.DeleteAsync(upload.BlobName, cancellationToken);
        await uploads.DeleteAsync(owner, upload.Id, cancellationToken);
        return Results.NoContent();
    }
}
