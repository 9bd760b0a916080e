using System.Diagnostics.Metrics;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.Storage;
using Bedtime.Stories;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bedtime.Tests.Stories;

/// <summary>The story-jobs handler against the real Cosmos stand-in and Azurite, called the way a queue trigger calls it.</summary>
[Collection(StandInsCollection.Name)]
public sealed class StoryJobHandlerTests(StandInsFixture standIns) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private readonly Mock<IJobQueue> _queue = new();
    private DocumentStore<StoryDocument> _stories = null!;

    public async Task InitializeAsync()
    {
        _stories = new DocumentStore<StoryDocument>(await standIns.CreateFreshAppContainerAsync("stories"));
        await standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Audio).CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_queued_story_is_written_narrated_and_completed()
    {
        var writer = new ScriptedStoryWriter();
        var narrator = new ScriptedNarrator();
        var story = await QueuedAsync(narrated: true);

        await Handler(writer, narrator).HandleAsync(Delivery(story), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Completed, done.Status);
        Assert.Equal(100, done.Progress);
        Assert.NotNull(done.Audio);
        Assert.Equal(1, done.Attempts);
        Assert.Equal((1, 1), (writer.Calls, narrator.Calls));
    }

    [Fact]
    public async Task A_redelivered_message_after_completion_changes_nothing()
    {
        var writer = new ScriptedStoryWriter();
        var narrator = new ScriptedNarrator();
        var story = await QueuedAsync(narrated: true);
        var handler = Handler(writer, narrator);
        await handler.HandleAsync(Delivery(story), CancellationToken.None);
        var completed = await ReloadAsync(story);

        await handler.HandleAsync(Delivery(story, dequeueCount: 2), CancellationToken.None);

        Assert.Equal(completed.ETag, (await ReloadAsync(story)).ETag); // not written again
        Assert.Equal((1, 1), (writer.Calls, narrator.Calls));
    }

    [Fact]
    public async Task A_crash_between_text_and_narration_resumes_with_narration_only()
    {
        var writer = new ScriptedStoryWriter();
        var narrator = new ScriptedNarrator();
        var story = await QueuedAsync(narrated: true);
        // The state a worker leaves when it dies right after saving the text.
        var written = (await _stories.ReplaceAsync(story with
        {
            Status = StoryStatus.Narrating, Progress = 60, Title = "Saved before the crash", Paragraphs = ["One.", "Two.", "Good night."], WordCount = 4,
        }, story.Id, story.OwnerId, story.ETag, CancellationToken.None))!;

        await Handler(writer, narrator).HandleAsync(Delivery(written, dequeueCount: 2), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Completed, done.Status);
        Assert.Equal("Saved before the crash", done.Title);
        Assert.NotNull(done.Audio);
        Assert.Equal((0, 1), (writer.Calls, narrator.Calls));
    }

    [Fact]
    public async Task A_hanging_writer_hits_its_timeout_and_the_job_is_put_off_to_be_tried_again()
    {
        var writer = new ScriptedStoryWriter(async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); throw new InvalidOperationException(); });
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator(), writingTimeout: TimeSpan.FromMilliseconds(300)).HandleAsync(Delivery(story), CancellationToken.None);

        _queue.Verify(q => q.EnqueueLaterAsync(QueueNames.StoryJobs, It.Is<JobMessage>(m => m.JobId == story.Id && m.Deferrals == 1),
            TimeSpan.FromSeconds(1), It.IsAny<CancellationToken>()), Times.Once);
        var after = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Writing, after.Status);
        Assert.Equal("writing_timeout", after.LastTransientError!.Code);
    }

    [Fact]
    public async Task A_writer_with_an_open_circuit_puts_the_job_off_until_the_circuit_may_close_instead_of_using_up_a_retry()
    {
        var writer = WriterWithOpenCircuit(TimeSpan.FromSeconds(20));
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None); // completes: no throw

        _queue.Verify(q => q.EnqueueLaterAsync(QueueNames.StoryJobs, It.Is<JobMessage>(m => m.JobId == story.Id && m.Deferrals == 1),
            TimeSpan.FromSeconds(20), It.IsAny<CancellationToken>()), Times.Once);
        var after = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Writing, after.Status);
        Assert.Equal("writer_circuit_open", after.LastTransientError!.Code);
    }

    [Fact]
    public async Task A_job_put_off_many_times_is_put_off_again_while_its_retry_deadline_lies_ahead()
    {
        var writer = WriterWithOpenCircuit(TimeSpan.FromSeconds(20));
        var story = await QueuedAsync(narrated: false, deadlineIn: TimeSpan.FromMinutes(1));

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story, dequeueCount: 1, deferrals: 40), CancellationToken.None);

        _queue.Verify(q => q.EnqueueLaterAsync(QueueNames.StoryJobs, It.Is<JobMessage>(m => m.Deferrals == 41), TimeSpan.FromSeconds(20), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(1, writer.Calls);
    }

    [Fact]
    public async Task A_retry_after_the_deadline_fails_the_story_with_deadline_exceeded_and_the_last_failure()
    {
        var writer = WriterWithOpenCircuit(TimeSpan.FromSeconds(20));
        var story = await QueuedAsync(narrated: false, deadlineIn: TimeSpan.FromMinutes(1));
        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None); // put off
        _clock.Advance(TimeSpan.FromMinutes(1));

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story, deferrals: 1), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal((StoryStatus.Failed, JobDeadline.Code), (failed.Status, failed.Error!.Code));
        Assert.Contains("Azure OpenAI is failing.", failed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, writer.Calls); // the late retry did not call the writer again
    }

    [Fact]
    public async Task The_first_attempt_is_made_even_after_the_deadline()
    {
        var story = await QueuedAsync(narrated: false, deadlineIn: TimeSpan.FromMinutes(-5)); // a long queue backlog

        await Handler(new ScriptedStoryWriter(), new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        Assert.Equal(StoryStatus.Completed, (await ReloadAsync(story)).Status);
    }

    [Fact]
    public async Task A_permanent_writer_failure_fails_the_story_at_once_with_its_reason()
    {
        var writer = new ScriptedStoryWriter((_, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(ProviderFailure.Permanent("content_policy", "Refused by the content filter.")));
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Failed, failed.Status);
        Assert.Equal(new StoryError("content_policy", "Refused by the content filter."), failed.Error);
    }

    [Fact]
    public async Task Generated_text_that_fails_the_content_check_fails_the_story_with_content_policy()
    {
        var writer = new ScriptedStoryWriter((_, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(new WrittenStory("A tale", ["There was blood everywhere."])));
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        Assert.Equal("content_policy", (await ReloadAsync(story)).Error!.Code);
    }

    [Fact]
    public async Task Narration_that_is_unavailable_completes_the_story_without_audio_and_says_why()
    {
        var narrator = new ScriptedNarrator((_, _) => Task.FromResult<ProviderResult<Bedtime.Stories.Narration.NarratedAudio>>(
            ProviderFailure.Permanent(Bedtime.Stories.Narration.INarrator.Unavailable, "No speech engine is installed.")));
        var story = await QueuedAsync(narrated: true);

        await Handler(new ScriptedStoryWriter(), narrator).HandleAsync(Delivery(story), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Completed, done.Status);
        Assert.Null(done.Audio);
        Assert.Equal("No speech engine is installed.", done.AudioUnavailableReason);
    }

    [Fact]
    public async Task A_message_for_a_deleted_story_completes_quietly()
    {
        var writer = new ScriptedStoryWriter();
        var story = await QueuedAsync(narrated: false);
        await _stories.DeleteAsync(story.OwnerId, story.Id, CancellationToken.None);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        Assert.Equal(0, writer.Calls);
    }

    [Fact]
    public async Task The_poison_handler_fails_an_unfinished_story_with_retries_exhausted_and_the_last_error()
    {
        var story = await QueuedAsync(narrated: false);
        await _stories.ReplaceAsync(story with { Status = StoryStatus.Writing, LastTransientError = new StoryError("writer_unavailable", "The writer answered 503.") },
            story.Id, story.OwnerId, story.ETag, CancellationToken.None);
        var poison = new StoryPoisonHandler(_stories, Metrics(), _clock, NullLogger<StoryPoisonHandler>.Instance);

        await poison.HandleAsync(Delivery(story, dequeueCount: 1), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Failed, failed.Status);
        Assert.Equal("retries_exhausted", failed.Error!.Code);
        Assert.Contains("503", failed.Error.Message);
    }

    private StoryJobHandler Handler(ScriptedStoryWriter writer, ScriptedNarrator narrator, TimeSpan? writingTimeout = null)
    {
        var options = Options.Create(new StoryOptions { WritingTimeout = writingTimeout ?? TimeSpan.FromSeconds(10) });
        var blobs = standIns.CreateBlobServiceClient();
        var audio = new StoryAudio(blobs, new BlobLinks(blobs, _clock), options, _clock);
        var deferral = new JobDeferral(_queue.Object, Options.Create(new JobsOptions()), NullLogger<JobDeferral>.Instance);
        return new StoryJobHandler(_stories, writer, narrator, audio, Metrics(), deferral, options, Options.Create(new JobsOptions()), _clock, NullLogger<StoryJobHandler>.Instance);
    }

    /// <summary>A writer whose circuit is open: every call fails, saying when to come back.</summary>
    private static ScriptedStoryWriter WriterWithOpenCircuit(TimeSpan retryAfter) =>
        new((_, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(ProviderFailure.Retry("writer_circuit_open", "Azure OpenAI is failing.", retryAfter)));

    private static StoryMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private async Task<StoryDocument> QueuedAsync(bool narrated, TimeSpan? deadlineIn = null)
    {
        var id = ResourceIds.NewStory();
        var owner = "owner-" + Guid.NewGuid().ToString("N")[..8];
        var story = new StoryDocument
        {
            Id = id, OwnerId = owner, Status = StoryStatus.Queued, Seed = 42, CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow(),
            RetryDeadline = _clock.GetUtcNow() + (deadlineIn ?? new JobsOptions().RetryBudget),
            Request = new StoryRequest("Mia", 5, "space", StoryLength.Short, Narration: narrated ? new NarrationChoice(true) : null),
        };
        await _stories.CreateAsync(story, owner, CancellationToken.None);
        return (await _stories.GetAsync(owner, id, CancellationToken.None))!;
    }

    private Task<StoryDocument> ReloadAsync(StoryDocument story) => _stories.GetAsync(story.OwnerId, story.Id, CancellationToken.None)!;

    private QueueDelivery Delivery(StoryDocument story, long dequeueCount = 1, int deferrals = 0) =>
        new("m-" + Guid.NewGuid().ToString("N"), (JobMessage.Create(story.Id, story.OwnerId, "story", _clock) with { Deferrals = deferrals }).ToJson(), dequeueCount, _clock.GetUtcNow());
}
