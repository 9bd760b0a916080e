using System.Text.Json;
using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Bedtime.Stories.Safety;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories;

/// <summary>
/// <c>POST /api/stories</c>: validate, check safety, honour <c>Idempotency-Key</c>, store as queued, queue the job. A
/// story whose job cannot be queued is deleted again before the 503 (so a retry starts afresh) unless the request's bound
/// has run out; a replay of a story still queued sends its job again, in case the first message was lost (the job
/// handler ignores a duplicate). Only if both fail does a story wait for the sweeper's re-queue.
/// </summary>
public sealed partial class CreateStoryHandler(
    JsonBody json, DocumentStore<StoryDocument> stories, IdempotencyStore idempotency, IStoryInspirations inspirations,
    IJobQueue queue, StoryAudio audio, StoryMetrics metrics, TimeProvider clock, IOptions<StoryOptions> options,
    IOptions<JobsOptions> jobs, ILogger<CreateStoryHandler> logger) : IApiHandler
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(3);

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(context);
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        if (context.Request.Headers.ContainsKey(IdempotencyHeader) && !IsValidKey(key))
            return new ProblemResult(ApiError.BadRequest("'Idempotency-Key' must be 1–128 visible ASCII characters."));

        var body = await json.ReadAsync<StoryRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess) return new ProblemResult(body.Error!);
        var request = body.Value;
        if (RequestSafety.Check(request) is var (field, _))
            return new ProblemResult(new ApiError(400, "content_policy", "This request is not suitable for a bedtime story.",
                $"The {field} contains words we do not put in children's stories.") { Errors = new Dictionary<string, string[]> { [field] = ["Not suitable for a bedtime story."] } });

        IReadOnlyList<StoryInspiration> material = [];
        if (request.UploadIds is { Count: > 0 } uploadIds)
        {
            var resolved = await inspirations.ResolveAsync(caller.OwnerId, uploadIds, cancellationToken);
            if (!resolved.IsSuccess) return new ProblemResult(resolved.Error!);
            material = resolved.Value;
        }

        var id = ResourceIds.NewStory();
        if (key.Length > 0)
        {
            var hash = IdempotencyStore.HashOf(JsonSerializer.SerializeToUtf8Bytes(request, JsonDefaults.Options));
            var claim = await idempotency.ClaimAsync(caller.OwnerId, "stories", key, hash, id, options.Value.IdempotencyKeyLifetime, cancellationToken);
            if (claim.Outcome == IdempotencyOutcome.Conflict)
                return new ProblemResult(ApiError.Conflict("This Idempotency-Key was already used with a different request body."));
            id = claim.ResourceId;
            if (claim.Outcome == IdempotencyOutcome.Replay && await stories.GetAsync(caller.OwnerId, id, cancellationToken) is { } earlier)
            {
                if (earlier.Status == StoryStatus.Queued)
                    await queue.EnqueueAsync(QueueNames.StoryJobs, JobMessage.Create(id, caller.OwnerId, "story", clock), cancellationToken);
                return await AcceptedAsync(earlier, cancellationToken);
            }
        }

        var now = clock.GetUtcNow();
        var story = new StoryDocument
        {
            Id = id, OwnerId = caller.OwnerId, Status = StoryStatus.Queued, Request = request, Inspirations = material,
            Seed = StableSeed(id), CreatedAt = now, UpdatedAt = now, RetryDeadline = now + jobs.Value.RetryBudget,
        };
        var created = await stories.CreateAsync(story, caller.OwnerId, cancellationToken);
        if (!created)
            story = await stories.GetAsync(caller.OwnerId, id, cancellationToken) ?? story; // a concurrent replay created it first
        try
        {
            await queue.EnqueueAsync(QueueNames.StoryJobs, JobMessage.Create(id, caller.OwnerId, "story", clock), cancellationToken);
        }
        // One created by a concurrent request is that request's to answer for. Past the bound the 503 does not wait for
        // an undo: the story stays queued, and a retry with the key or the sweeper sends its job.
        catch (Exception) when (created && !cancellationToken.IsCancellationRequested)
        {
            await UndoAsync(story);
            throw;
        }
        metrics.Requested();
        LogQueued(logger, id, OwnerHash.Of(caller.OwnerId), request.Length, request.WantsNarration);
        return await AcceptedAsync(story, cancellationToken);
    }

    /// <summary>Deletes a story whose job was not queued, even if the client has gone; if that fails too, the sweeper re-queues it.</summary>
    private async Task UndoAsync(StoryDocument story)
    {
        using var undo = new CancellationTokenSource(UndoTimeout, clock);
        try
        {
            await stories.DeleteAsync(story.OwnerId, story.Id, undo.Token);
        }
        catch (Exception failure) // best effort: the enqueue's failure is what the caller hears about
        {
            LogLeftForSweeper(logger, story.Id, failure.GetType().Name);
        }
    }

    private async Task<IResult> AcceptedAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        return new JsonResponse(await audio.ResourceAsync(story, cancellationToken), StatusCodes.Status202Accepted, $"/api/stories/{story.Id}");
    }

    private static bool IsValidKey(string key) => key.Length is > 0 and <= 128 && key.All(c => c is > ' ' and < '\u007f');

    /// <summary>A per-story seed that stays the same across retries and hosts (string.GetHashCode does not).</summary>
    internal static int StableSeed(string id) => BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)), 0);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Story {StoryId} was stored but its job could not be queued, and deleting it failed too ({Failure}); the sweeper queues it again")]
    private static partial void LogLeftForSweeper(ILogger logger, string storyId, string failure);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Queued story {StoryId} for owner {OwnerHash} ({Length}, narration {Narration})")]
    private static partial void LogQueued(ILogger logger, string storyId, string ownerHash, StoryLength length, bool narration);
}

/// <summary>
/// <c>GET /api/stories/{id}</c>: the caller's own story; any other id is 404. Its weak <c>ETag</c> names the document's
/// version and the audio links' window (<see cref="StoryAudio.LinkWindow"/>), so polling with <c>If-None-Match</c> costs
/// a <c>304</c> while neither changed, and the links the client holds stay valid.
/// </summary>
public sealed class GetStoryHandler(DocumentStore<StoryDocument> stories, StoryAudio audio) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var id = context.Request.RouteValues["id"] as string;
        if (!ResourceIds.IsStory(id) || await stories.GetAsync(Caller.Of(context).OwnerId, id!, cancellationToken) is not { } story)
            return new ProblemResult(ApiError.NotFound("story"));
        if (story.ETag is not { } version) return new JsonResponse(await audio.ResourceAsync(story, cancellationToken));
        var tag = EntityTag.Weak($"{version.Trim('"')}.{audio.LinkWindow}");
        return EntityTag.Matches(context.Request, tag) ? EntityTag.NotModified(tag) : new JsonResponse(await audio.ResourceAsync(story, cancellationToken), etag: tag);
    }
}

/// <summary><c>GET /api/stories?limit&amp;continuation</c>: the caller's stories, newest first.</summary>
public sealed class ListStoriesHandler(DocumentStore<StoryDocument> stories, StoryAudio audio, IOptions<StoryOptions> options) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var paging = Paging.Read(context.Request, options.Value.MaxPageSize);
        if (!paging.IsSuccess) return new ProblemResult(paging.Error!);
        var page = await stories.ListNewestFirstAsync(Caller.Of(context).OwnerId, paging.Value.Limit, paging.Value.Continuation, cancellationToken);
        if (page is null) return new ProblemResult(ApiError.BadRequest("The continuation token is not valid."));
        var items = new List<StoryResource>(page.Items.Count);
        foreach (var story in page.Items)
            items.Add(await audio.ResourceAsync(story, cancellationToken));
        return new JsonResponse(new StoryPage(items, page.Continuation));
    }
}

/// <summary><c>DELETE /api/stories/{id}</c>: deletes the story and its audio blobs.</summary>
public sealed class DeleteStoryHandler(DocumentStore<StoryDocument> stories, StoryAudio audio) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var owner = Caller.Of(context).OwnerId;
        var id = context.Request.RouteValues["id"] as string;
        if (!ResourceIds.IsStory(id) || await stories.GetAsync(owner, id!, cancellationToken) is not { } story)
            return new ProblemResult(ApiError.NotFound("story"));
        await audio.DeleteAllAsync(story, cancellationToken);
        await stories.DeleteAsync(owner, story.Id, cancellationToken);
        return Results.NoContent();
    }
}
