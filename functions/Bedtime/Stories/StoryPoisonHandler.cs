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
        if (JobMessage.TryParse(delivery.Text) is not { } message) return;
        for (var race = 0; race < 5; race++)
        {
            var story = await stories.GetAsync(message.OwnerId, message.JobId, cancellationToken);
            if (story is null || story.IsFinal) return;
            var reason = story.LastTransientError is { } last ? $"Gave up after repeated failures; the last was: {last.Message}" : "Gave up after repeated failures.";
            var failed = story.Failed(new StoryError("retries_exhausted", reason), clock.GetUtcNow());
            await audio.DeleteSegmentsAsync(story.Id, cancellationToken);
            if (await stories.ReplaceAsync(failed, story.Id, story.OwnerId, story.ETag, cancellationToken) is not null)
            {
                metrics.Failed("retries_exhausted");
                LogExhausted(logger, story.Id, story.LastTransientError?.Code ?? "unknown");
                return;
            }
        }
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "Story {StoryId} failed after exhausting its retries (last error {Code})")]
    private static partial void LogExhausted(ILogger logger, string storyId, string code);
}
