using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Extensions.Logging;

namespace Bedtime.Stories;

/// <summary><c>story-jobs-poison</c>: the queue gave up on a story; mark it failed with <c>retries_exhausted</c>.</summary>
public sealed partial class StoryPoisonHandler(
    DocumentStore<StoryDocument> stories, StoryAudio audio, StoryMetrics metrics, TimeProvider clock, ILogger<StoryPoisonHandler> logger) : IQueueHandler
{
    public string FunctionName => FunctionNames.StoryJobsPoison;
    public string QueueName => QueueNames.StoryJobsPoison;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        metrics.Poisoned();
        var failed = await PoisonedJob.FailAsync(delivery, (m, ct) => stories.GetAsync(m.OwnerId, m.JobId, ct), s => s.IsFinal, async (story, ct) =>
        {
            await audio.DeleteSegmentsAsync(story.Id, ct);
            var failed = story.Failed(new StoryError(PoisonedJob.Code, PoisonedJob.Reason(story.LastTransientError?.Message)), clock.GetUtcNow());
            return await stories.ReplaceAsync(failed, story.Id, story.OwnerId, story.ETag, ct);
        }, cancellationToken);
        if (failed is null) return;
        metrics.Failed(PoisonedJob.Code);
        LogExhausted(logger, failed.Id, failed.LastTransientError?.Code ?? "unknown");
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "Story {StoryId} failed after exhausting its retries (last error {Code})")]
    private static partial void LogExhausted(ILogger logger, string storyId, string code);
}
