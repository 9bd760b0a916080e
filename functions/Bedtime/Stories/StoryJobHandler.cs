using System.Diagnostics;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.Voices;
using Bedtime.Stories.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories;

/// <summary>
/// The <c>story-jobs</c> handler: queued → writing → narrating → completed (or failed). Idempotent and resumable:
/// it works from the document's state, so a redelivered message for a finished story does nothing and a story with
/// text only narrates. Each state change is ETag-guarded; losing a race means reloading and going on from there.
/// </summary>
public sealed partial class StoryJobHandler(
    DocumentStore<StoryDocument> stories, IStoryWriter writer, INarrator narrator, StoryAudio audio, StoryMetrics metrics,
    JobDeferral deferral, IOptions<StoryOptions> options, IOptions<JobsOptions> jobs, TimeProvider clock, ILogger<StoryJobHandler> logger) : IQueueHandler
{
    private static readonly ActivitySource Tracing = new(TelemetryNames.Meter);
    private const int MaxRaces = 5;

    public string FunctionName => FunctionNames.StoryJobs;
    public string QueueName => QueueNames.StoryJobs;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        if (JobMessage.TryParse(delivery.Text) is not { } message)
        {
            LogMalformed(logger, delivery.MessageId);
            return; // can never succeed: complete it rather than retry
        }
        using var activity = Tracing.StartActivity("story-job", ActivityKind.Consumer, message.ParentContext);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["StoryId"] = message.JobId, ["OwnerHash"] = OwnerHash.Of(message.OwnerId) });
        // Deliveries of earlier, deferred messages were attempts too.
        await deferral.RunAsync(QueueName, message, () => RunAsync(message, delivery.DequeueCount + message.Deferrals, cancellationToken), cancellationToken);
    }

    private async Task RunAsync(JobMessage message, long attempt, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var story = await stories.GetAsync(message.OwnerId, message.JobId, cancellationToken);
            if (story is null) { LogGone(logger, message.JobId); return; }
            if (story.IsFinal) return;
            if (JobDeadline.Expired(JobDeadline.Of(story.RetryDeadline, story.CreatedAt, jobs.Value), attempt, clock.GetUtcNow()))
            {
                if (await FailAsync(story, new StoryError(JobDeadline.Code, JobDeadline.Message(story.LastTransientError?.Message)), cancellationToken) == Step.Done) return;
                continue;
            }

            var outcome = story.HasText
                ? await NarrateAsync(story, cancellationToken)
                : await WriteAsync(story with { Attempts = (int)attempt }, cancellationToken);
            if (outcome == Step.Done) return;
            // Step.Raced: another worker moved the story on; look again.
        }
        throw new RetryableJobException("contention", "The story kept changing under this worker.");
    }

    private enum Step { Done, Raced, Continue }

    private async Task<Step> WriteAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        var writing = await SaveAsync(story with { Status = StoryStatus.Writing, Progress = StoryProgress.Writing }, cancellationToken);
        if (writing is null) return Step.Raced;

        var started = clock.GetTimestamp();
        var brief = new StoryBrief(story.Request.ChildName, story.Request.Age, story.Request.Theme, story.Request.Setting, story.Request.Moral,
            story.Request.Length, story.Request.EffectiveLanguage, story.Inspirations, story.Seed);
        var result = await StepTimeout.RunAsync(ct => writer.WriteAsync(brief, ct), options.Value.WritingTimeout, "writing_timeout", cancellationToken);
        metrics.Generated(clock.GetElapsedTime(started), writer.Name);
        if (!result.Succeeded)
            return await FailOrRetryAsync(writing, result.Failure!, cancellationToken);

        var text = result.Value!;
        if (ContentSafety.CheckStory(text) is not null)
            return await FailAsync(writing, new StoryError("content_policy", "The written story did not pass the content check."), cancellationToken);

        var narrate = writing.Request.WantsNarration;
        var written = writing with
        {
            Title = text.Title, Paragraphs = text.Paragraphs, WordCount = text.WordCount, LastTransientError = null,
            Status = narrate ? StoryStatus.Narrating : StoryStatus.Completed, Progress = narrate ? StoryProgress.Narrating : StoryProgress.Done,
            CompletedAt = narrate ? null : clock.GetUtcNow(),
        };
        var saved = await SaveAsync(written, cancellationToken);
        if (saved is null) return Step.Raced;
        if (!narrate) { Completed(saved); return Step.Done; }
        return await NarrateAsync(saved, cancellationToken);
    }

    private async Task<Step> NarrateAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        if (!story.NeedsNarration)
            return await CompleteAsync(story, cancellationToken);
        if (story.Status != StoryStatus.Narrating && await SaveAsync(story with { Status = StoryStatus.Narrating, Progress = StoryProgress.Narrating }, cancellationToken) is { } narrating)
            story = narrating;

        var started = clock.GetTimestamp();
        var input = new NarrationInput(story.Title!, story.Paragraphs, story.Request.EffectiveLanguage, VoiceCatalogue.Find(story.Request.Narration?.Voice));
        var result = await StepTimeout.RunAsync(ct => narrator.NarrateAsync(input, ct), options.Value.NarrationTimeout, "narration_timeout", cancellationToken);
        metrics.Narrated(clock.GetElapsedTime(started), narrator.Name);
        if (!result.Succeeded)
        {
            if (result.Failure!.Transient) return await FailOrRetryAsync(story, result.Failure, cancellationToken);
            // Narration that cannot happen does not sink the story: it completes without audio, saying why.
            return await CompleteAsync(story with { AudioUnavailableReason = result.Failure.Message }, cancellationToken);
        }

        await using var narrated = result.Value!;
        var stored = await audio.SaveAsync(story.Id, narrated, cancellationToken);
        var outcome = await CompleteAsync(story with { Audio = stored }, cancellationToken);
        if (outcome == Step.Raced && await stories.GetAsync(story.OwnerId, story.Id, cancellationToken) is null)
            await audio.DeleteAsync(stored, cancellationToken); // deleted while we narrated: leave no orphan blob
        return outcome;
    }

    private async Task<Step> CompleteAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        var saved = await SaveAsync(story with { Status = StoryStatus.Completed, Progress = StoryProgress.Done, CompletedAt = clock.GetUtcNow(), LastTransientError = null }, cancellationToken);
        if (saved is null) return Step.Raced;
        Completed(saved);
        return Step.Done;
    }

    private void Completed(StoryDocument story)
    {
        metrics.Completed(story.CompletedAt!.Value - story.CreatedAt);
        LogCompleted(logger, story.Id, story.WordCount, story.Audio is not null);
    }

    private async Task<Step> FailOrRetryAsync(StoryDocument story, ProviderFailure failure, CancellationToken cancellationToken)
    {
        if (!failure.Transient)
            return await FailAsync(story, new StoryError(failure.Code, failure.Message), cancellationToken);
        // Remember why, for operators and for the poison handler; then let the queue retry.
        await SaveAsync(story with { LastTransientError = new StoryError(failure.Code, failure.Message) }, cancellationToken);
        throw new RetryableJobException(failure.Code, failure.Message, failure.RetryAfter);
    }

    private async Task<Step> FailAsync(StoryDocument story, StoryError error, CancellationToken cancellationToken)
    {
        var saved = await SaveAsync(story with { Status = StoryStatus.Failed, Error = error, CompletedAt = clock.GetUtcNow() }, cancellationToken);
        if (saved is null) return Step.Raced;
        metrics.Failed(error.Code);
        LogFailed(logger, story.Id, error.Code);
        return Step.Done;
    }

    private Task<StoryDocument?> SaveAsync(StoryDocument story, CancellationToken cancellationToken) =>
        stories.ReplaceAsync(story with { UpdatedAt = clock.GetUtcNow() }, story.Id, story.OwnerId, story.ETag, cancellationToken);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "Story job message {MessageId} is not a job message; dropped")]
    private static partial void LogMalformed(ILogger logger, string messageId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Story {StoryId} no longer exists; nothing to do")]
    private static partial void LogGone(ILogger logger, string storyId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Story {StoryId} completed: {WordCount} words, audio {HasAudio}")]
    private static partial void LogCompleted(ILogger logger, string storyId, int wordCount, bool hasAudio);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Story {StoryId} failed: {Code}")]
    private static partial void LogFailed(ILogger logger, string storyId, string code);
}
