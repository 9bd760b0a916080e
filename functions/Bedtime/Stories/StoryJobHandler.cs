using System.Diagnostics;
using System.Threading.Channels;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.Voices;
using Bedtime.Stories.Safety;
using Bedtime.Stories.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories;

/// <summary>
/// The <c>story-jobs</c> handler: queued → writing (narrating paragraphs as they come) → narrating → completed (or
/// failed). Idempotent and resumable: it works from the document's state, so a redelivered message for a finished
/// story does nothing, a story with its whole text only narrates, and a segment that exists is never narrated again.
/// Each state change is ETag-guarded; losing a race means reloading and going on from there.
/// </summary>
public sealed partial class StoryJobHandler(
    DocumentStore<StoryDocument> stories, IStoryWriter writer, StorySafety safety, INarrator narrator, StoryAudio audio, StoryMetrics metrics,
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
            if (story is null)
            {
                // Deleted while this job worked: segments it stored after the delete would be left behind.
                if (race > 0) await audio.DeleteSegmentsAsync(message.JobId, cancellationToken);
                LogGone(logger, message.JobId);
                return;
            }
            if (story.IsFinal) return;
            if (JobDeadline.Expired(JobDeadline.Of(story.RetryDeadline, story.CreatedAt, jobs.Value), attempt, clock.GetUtcNow()))
            {
                if (await FailAsync(story, new StoryError(JobDeadline.Code, JobDeadline.Message(story.LastTransientError?.Message)), cancellationToken) == Step.Done) return;
                continue;
            }

            Step outcome;
            try
            {
                outcome = story.HasText
                    ? await NarrateAsync(story, cancellationToken)
                    : await WriteAsync(story with { Attempts = (int)attempt }, cancellationToken);
            }
            catch (StoryRacedException)
            {
                outcome = Step.Raced;
            }
            if (outcome == Step.Done) return;
            // Step.Raced: another worker moved the story on; look again.
        }
        throw new RetryableJobException("contention", "The story kept changing under this worker.");
    }

    private enum Step { Done, Raced }

    /// <summary>
    /// Writes the story, storing paragraphs as they come; when narration is wanted, narrates each paragraph as soon as
    /// it is stored, while later ones are still being written. Writing starts over on a retry (a model would not
    /// continue its earlier text), but segments whose text comes out the same are reused, not narrated again.
    /// </summary>
    private async Task<Step> WriteAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        var material = await safety.CheckInspirationsAsync(story.Inspirations, story.Request.Age, cancellationToken);
        if (!material.Succeeded) return await FailOrRetryAsync(story, material.Failure!, cancellationToken);
        if (material.Value!.Refusal is { } why)
        {
            LogRefused(logger, story.Id, "uploads", why);
            return await FailAsync(story, new StoryError(ContentPolicy, "An upload chosen for this story did not pass the content check; choose others."), cancellationToken);
        }

        var writing = await SaveAsync(story with
        {
            Status = StoryStatus.Writing, Progress = StoryProgress.Started, Title = null, Paragraphs = [], WordCount = 0, Segments = [],
        }, cancellationToken);
        if (writing is null) return Step.Raced;

        var settings = options.Value;
        var narrate = writing.Request.WantsNarration;
        using var draft = new StoryInProgress(writing, SaveAsync, clock, settings.DraftSaveInterval);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var passages = Channel.CreateUnbounded<WrittenPassage>(new UnboundedChannelOptions { SingleReader = true });
        var narratable = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var ahead = narrate && settings.ProgressiveNarration ? NarrateAheadAsync(draft, narratable.Reader, stop.Token) : Task.CompletedTask;

        var started = clock.GetTimestamp();
        var brief = new StoryBrief(story.Request.ChildName, story.Request.Age, story.Request.Theme, story.Request.Setting, story.Request.Moral,
            story.Request.Length, story.Request.EffectiveLanguage, story.Inspirations, story.Seed, story.Strict);
        var written = WriteClosingAsync(brief, passages.Writer, stop.Token);
        SafetyFinding? refused = null;
        ProviderFailure? uncheckable = null;
        try
        {
            var signalled = 0;
            await foreach (var passage in passages.Reader.ReadAllAsync(stop.Token))
            {
                // Nothing that fails the check, or could not be checked, is ever stored: no parent sees it while the story is written.
                var verdict = await safety.CheckAsync(passage.Text, story.Request.Age, stop.Token);
                if (!verdict.Succeeded) { uncheckable = verdict.Failure; break; }
                if (verdict.Value!.Refusal is { } refusal) { refused = refusal; break; }
                await draft.AddAsync(passage, stop.Token);
                var (title, paragraphs) = draft.Text;
                for (; title is not null && signalled <= paragraphs.Count; signalled++) narratable.Writer.TryWrite(signalled); // positions: the title, then paragraphs
            }
        }
        catch (StoryRacedException)
        {
            await StopAsync(stop, written, ahead);
            return Step.Raced;
        }
        finally
        {
            narratable.Writer.TryComplete();
        }

        if (refused is not null || uncheckable is not null)
        {
            await StopAsync(stop, written, ahead);
            return uncheckable is not null
                ? await FailOrRetryAsync(draft.Saved, uncheckable, cancellationToken)
                : await RefuseAsync(draft.Saved, refused!.Category.ToString(), cancellationToken);
        }
        var result = await written;
        metrics.Generated(clock.GetElapsedTime(started), writer.Name);
        if (result.Value is { } whole)
        {
            var verdict = await safety.CheckStoryAsync(whole, story.Request.Age, cancellationToken);
            if (!verdict.Succeeded || !verdict.Value!.Allowed)
            {
                await StopAsync(stop, ahead);
                return verdict.Succeeded
                    ? await RefuseAsync(draft.Saved, verdict.Value!.Refusal!.Category.ToString(), cancellationToken)
                    : await FailOrRetryAsync(draft.Saved, verdict.Failure!, cancellationToken);
            }
        }
        if (!result.Succeeded)
        {
            await StopAsync(stop, written, ahead);
            // The writer's own content filters declined it: the same second chance as a text that failed our check.
            return result.Failure!.Code == ContentPolicy
                ? await RefuseAsync(draft.Saved, "writer", cancellationToken)
                : await FailOrRetryAsync(draft.Saved, result.Failure!, cancellationToken);
        }

        var text = result.Value!;
        StoryDocument saved;
        try
        {
            saved = await draft.FinishAsync(d => d with
            {
                Title = text.Title, Paragraphs = text.Paragraphs, WordCount = text.WordCount, LastTransientError = null,
                Status = narrate ? StoryStatus.Narrating : StoryStatus.Completed, CompletedAt = narrate ? null : clock.GetUtcNow(),
            }, cancellationToken);
            await ahead; // it narrates what was signalled; what it could not is narrated below
        }
        catch (StoryRacedException)
        {
            await StopAsync(stop, written, ahead);
            return Step.Raced;
        }
        if (!narrate) { Completed(saved); return Step.Done; }
        return await NarrateAsync(draft.Saved, cancellationToken);
    }

    private const string ContentPolicy = "content_policy";

    /// <summary>
    /// A text that failed the content check is never shown: the first time the story is written again from the start with
    /// a stricter brief (back through the loop in <see cref="RunAsync"/>); the second time it fails with <c>content_policy</c>.
    /// </summary>
    private async Task<Step> RefuseAsync(StoryDocument story, string why, CancellationToken cancellationToken)
    {
        LogRefused(logger, story.Id, story.Strict ? "the stricter text" : "the text", why);
        if (story.Strict)
            return await FailAsync(story, new StoryError(ContentPolicy, "The written story did not pass the content check."), cancellationToken);
        await audio.DeleteSegmentsAsync(story.Id, cancellationToken);
        await SaveAsync(story with { Strict = true, Title = null, Paragraphs = [], WordCount = 0, Segments = [], Progress = StoryProgress.Started }, cancellationToken);
        return Step.Raced; // saved or not, look again: the next pass writes the stricter text or finds who moved it on
    }

    /// <summary>The writer, closing the passages channel however it ends.</summary>
    private async Task<ProviderResult<WrittenStory>> WriteClosingAsync(StoryBrief brief, ChannelWriter<WrittenPassage> passages, CancellationToken cancellationToken)
    {
        try
        {
            return await StepTimeout.RunAsync(ct => writer.WriteAsync(brief, new ChannelProgress<WrittenPassage>(passages), ct),
                options.Value.WritingTimeout, "writing_timeout", cancellationToken);
        }
        finally
        {
            passages.TryComplete();
        }
    }

    /// <summary>
    /// Best effort, alongside writing: narrates the title, then each paragraph, as soon as it is stored. Any failure
    /// just stops it: the narration step after writing does what is left and decides what a failure means.
    /// </summary>
    private async Task NarrateAheadAsync(StoryInProgress draft, ChannelReader<int> positions, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var position in positions.ReadAllAsync(cancellationToken))
            {
                var (title, text) = draft.Text;
                if (position > text.Count) return; // the finished text has fewer paragraphs than the draft had
                var start = Math.Round(draft.Segments.Sum(s => s.DurationSeconds), 3);
                var segment = await SegmentAsync(draft.Saved, title, text, ParagraphAt(position), start, cancellationToken);
                if (!segment.Succeeded) return;
                if (draft.Segments.Count == 0) metrics.FirstAudio(clock.GetUtcNow() - draft.Saved.CreatedAt);
                await draft.AddAsync(segment.Value!, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (StoryRacedException)
        {
            // The writing side finds out on its next save.
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, params Task[] tasks)
    {
        await stop.CancelAsync();
        try { await Task.WhenAll(tasks); }
        catch (Exception e) when (e is OperationCanceledException or StoryRacedException) { }
    }

    /// <summary>
    /// Narrates the title and every paragraph that has no segment for its current text (reusing those that have, and
    /// segments a crashed attempt stored but did not record), saving each as it is done, then joins them into one file.
    /// </summary>
    private async Task<Step> NarrateAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        if (!story.NeedsNarration)
            return await CompleteAsync(story, cancellationToken);
        if (story.Status != StoryStatus.Narrating && await SaveAsync(story with { Status = StoryStatus.Narrating }, cancellationToken) is { } narrating)
            story = narrating;

        var segments = new List<StoredSegment>(story.Paragraphs.Count + 1);
        var start = 0.0;
        for (var position = 0; position <= story.Paragraphs.Count; position++)
        {
            var result = await SegmentAsync(story, story.Title, story.Paragraphs, ParagraphAt(position), start, cancellationToken);
            if (!result.Succeeded)
            {
                if (result.Failure!.Transient) return await FailOrRetryAsync(story with { Segments = segments }, result.Failure, cancellationToken);
                // Narration that cannot happen does not sink the story: it completes without audio, saying why.
                await audio.DeleteSegmentsAsync(story.Id, cancellationToken);
                return await CompleteAsync(story with { Segments = [], AudioUnavailableReason = result.Failure.Message }, cancellationToken);
            }
            segments.Add(result.Value!);
            start = Math.Round(start + result.Value!.DurationSeconds, 3);
            if (story.Segments.Count >= segments.Count && story.Segments[segments.Count - 1] == result.Value) continue; // already recorded
            if (story.Segments.Count == 0 && position == 0) metrics.FirstAudio(clock.GetUtcNow() - story.CreatedAt);
            var saved = await SaveAsync(story with { Segments = [.. segments], Progress = StoryProgress.Of(story with { Segments = segments }) }, cancellationToken);
            if (saved is null) return Step.Raced;
            story = saved;
        }

        await audio.DeleteSegmentsAsync(story.Id, cancellationToken, fromPosition: story.Paragraphs.Count + 1); // a longer earlier draft's
        var joined = await audio.JoinAsync(story.Id, segments, cancellationToken);
        var outcome = await CompleteAsync(story with { Audio = joined }, cancellationToken);
        if (outcome == Step.Raced && await stories.GetAsync(story.OwnerId, story.Id, cancellationToken) is null)
            await audio.DeleteAllAsync(story with { Audio = joined }, cancellationToken); // deleted while we narrated: leave no orphan blob
        return outcome;
    }

    private static int? ParagraphAt(int position) => position == 0 ? null : position - 1;

    /// <summary>One segment (the title's when <paramref name="paragraph"/> is null): the recorded one, else one a crashed attempt stored, else narrated now.</summary>
    private async Task<ProviderResult<StoredSegment>> SegmentAsync(
        StoryDocument story, string? title, IReadOnlyList<string> paragraphs, int? paragraph, double start, CancellationToken cancellationToken)
    {
        var sentences = NarrationText.SegmentSentences(title, paragraphs, paragraph);
        var voice = VoiceCatalogue.Find(story.Request.Narration?.Voice);
        var language = story.Request.EffectiveLanguage;
        var fingerprint = StoryAudio.Fingerprint(narrator.Name, voice?.Id, language, sentences);
        if (story.Segments.FirstOrDefault(s => s.Paragraph == paragraph && s.Fingerprint == fingerprint) is { } recorded)
            return recorded with { StartSeconds = start };
        if (await audio.FindSegmentAsync(story.Id, paragraph, fingerprint, sentences, start, cancellationToken) is { } found)
            return found;

        var started = clock.GetTimestamp();
        var result = await StepTimeout.RunAsync(ct => narrator.NarrateAsync(new NarrationInput(sentences, language, voice), ct),
            options.Value.NarrationTimeout, "narration_timeout", cancellationToken);
        metrics.Narrated(clock.GetElapsedTime(started), narrator.Name);
        if (!result.Succeeded) return result.Failure!;
        await using var narrated = result.Value!;
        return await audio.SaveSegmentAsync(story.Id, paragraph, fingerprint, sentences, narrated, start, cancellationToken);
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
        await audio.DeleteSegmentsAsync(story.Id, cancellationToken);
        var saved = await SaveAsync(story.Failed(error, clock.GetUtcNow()), cancellationToken);
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

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Story {StoryId}: {What} did not pass the content check ({Reason})")]
    private static partial void LogRefused(ILogger logger, string storyId, string what, string reason);
}
