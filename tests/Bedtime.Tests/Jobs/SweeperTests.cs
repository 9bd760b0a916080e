using System.Diagnostics.Metrics;
using Azure.Storage.Blobs;
using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Jobs.Sweeping;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.Storage;
using Bedtime.Stories;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Bedtime.Uploads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bedtime.Tests.Jobs;

/// <summary>The sweeper against the real Cosmos stand-in (cross-partition queries, ETags) and Azurite.</summary>
[Collection(StandInsCollection.Name)]
public sealed class SweeperTests(StandInsFixture standIns) : IAsyncLifetime
{
    private const string DeadlineCode = JobDeadline.Code;
    private static readonly TimeSpan Timeout = new JobsOptions().ProcessingTimeout;
    private readonly FakeTimeProvider _clock = new();
    private readonly Mock<IJobQueue> _queue = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly BlobContainerClient _blobs = standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Uploads);
    private DocumentStore<StoryDocument> _stories = null!;
    private DocumentStore<UploadDocument> _uploads = null!;

    public async Task InitializeAsync()
    {
        _stories = new DocumentStore<StoryDocument>(await standIns.CreateFreshAppContainerAsync("stories"));
        _uploads = new DocumentStore<UploadDocument>(await standIns.CreateFreshAppContainerAsync("uploads"));
        await _blobs.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _metrics.DisposeAsync();

    [Fact]
    public async Task Stories_and_uploads_stuck_in_a_working_state_past_the_timeout_and_their_retry_deadline_fail_with_deadline_exceeded()
    {
        var writing = await StoryAsync("owner-a", StoryStatus.Writing, idleFor: Timeout + TimeSpan.FromMinutes(1));
        var narrating = await StoryAsync("owner-b", StoryStatus.Narrating, idleFor: TimeSpan.FromHours(3), storeDeadline: false); // stored before deadlines: creation + budget
        var scanning = await UploadAsync("owner-a", UploadStatus.Scanning, idleFor: Timeout + TimeSpan.FromSeconds(1));
        var processing = await UploadAsync("owner-c", UploadStatus.Processing, idleFor: TimeSpan.FromDays(1), storeDeadline: false);
        var swept = new List<string>();
        using var listener = ListenTo(TelemetryNames.JobsSwept, swept.Add);

        var result = await NewSweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepResult(StoriesFailed: 2, StoriesRequeued: 0, UploadsFailed: 2, SessionsDeleted: 0), result);
        foreach (var story in new[] { writing, narrating })
        {
            var failed = (await _stories.GetAsync(story.OwnerId, story.Id, CancellationToken.None))!;
            Assert.Equal(StoryStatus.Failed, failed.Status);
            Assert.Equal(DeadlineCode, failed.Error!.Code);
            Assert.Equal(_clock.GetUtcNow(), failed.CompletedAt);
        }
        foreach (var upload in new[] { scanning, processing })
        {
            var failed = (await _uploads.GetAsync(upload.OwnerId, upload.Id, CancellationToken.None))!;
            Assert.Equal(UploadStatus.Failed, failed.Status);
            Assert.Equal(DeadlineCode, failed.Error!.Code);
        }
        Assert.Equal(["story/failed", "story/failed", "upload/failed", "upload/failed"], swept.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Stale_work_before_its_retry_deadline_is_left_to_its_queue_message()
    {
        var writing = await StoryAsync("owner-a", StoryStatus.Writing, idleFor: Timeout + TimeSpan.FromMinutes(1), deadlineIn: TimeSpan.FromMinutes(10));
        var processing = await UploadAsync("owner-b", UploadStatus.Processing, idleFor: Timeout + TimeSpan.FromMinutes(1), deadlineIn: TimeSpan.FromMinutes(10));

        var result = await NewSweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(0, result.Total);
        Assert.Equal(writing.ETag, (await _stories.GetAsync(writing.OwnerId, writing.Id, CancellationToken.None))!.ETag);
        Assert.Equal(processing.ETag, (await _uploads.GetAsync(processing.OwnerId, processing.Id, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Recently_updated_work_and_finished_work_are_left_alone()
    {
        var healthy = await StoryAsync("owner-a", StoryStatus.Writing, idleFor: Timeout - TimeSpan.FromMinutes(1));
        var done = await StoryAsync("owner-a", StoryStatus.Completed, idleFor: TimeSpan.FromDays(2));
        var busyUpload = await UploadAsync("owner-b", UploadStatus.Processing, idleFor: TimeSpan.FromMinutes(2));
        var ready = await UploadAsync("owner-b", UploadStatus.Ready, idleFor: TimeSpan.FromDays(2));

        var result = await NewSweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(0, result.Total);
        foreach (var story in new[] { healthy, done })
            Assert.Equal(story.ETag, (await _stories.GetAsync(story.OwnerId, story.Id, CancellationToken.None))!.ETag);
        foreach (var upload in new[] { busyUpload, ready })
            Assert.Equal(upload.ETag, (await _uploads.GetAsync(upload.OwnerId, upload.Id, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task A_story_left_queued_is_queued_again_once_and_fails_if_still_queued_past_its_retry_deadline()
    {
        var queued = await StoryAsync("owner-a", StoryStatus.Queued, idleFor: Timeout + TimeSpan.FromMinutes(5), deadlineIn: TimeSpan.FromMinutes(10));
        var sweeper = NewSweeper();

        var first = await sweeper.SweepAsync(CancellationToken.None);
        var again = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, first.StoriesRequeued);
        Assert.Equal(0, again.Total);
        var requeued = (await _stories.GetAsync(queued.OwnerId, queued.Id, CancellationToken.None))!;
        Assert.Equal((StoryStatus.Queued, _clock.GetUtcNow()), (requeued.Status, requeued.RequeuedAt));
        _queue.Verify(q => q.EnqueueAsync(QueueNames.StoryJobs, It.Is<JobMessage>(m => m.JobId == queued.Id && m.OwnerId == queued.OwnerId && m.Kind == "story"), It.IsAny<CancellationToken>()), Times.Once);

        _clock.Advance(Timeout + TimeSpan.FromSeconds(1));
        var later = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, later.StoriesFailed);
        Assert.Equal(DeadlineCode, (await _stories.GetAsync(queued.OwnerId, queued.Id, CancellationToken.None))!.Error!.Code);
        _queue.Verify(q => q.EnqueueAsync(It.IsAny<string>(), It.IsAny<JobMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_expired_upload_session_is_removed_and_a_live_one_is_kept()
    {
        var expired = await SessionAsync("owner-a", expiresIn: TimeSpan.FromMinutes(-1));
        var live = await SessionAsync("owner-b", expiresIn: TimeSpan.FromMinutes(10));

        var result = await NewSweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, result.SessionsDeleted);
        Assert.Null(await _uploads.GetAsync(expired.OwnerId, expired.Id, CancellationToken.None));
        Assert.NotNull(await _uploads.GetAsync(live.OwnerId, live.Id, CancellationToken.None));
        Assert.True((await _blobs.GetBlobClient(live.StagingBlobName).ExistsAsync()).Value);
    }

    [Fact]
    public async Task An_upload_still_receiving_after_any_request_could_have_ended_is_deleted_with_its_blob_and_a_recent_one_is_kept()
    {
        var longest = new UploadOptions().ReceiveTimeout + new HttpOptions().RequestTimeout;
        var cutOff = await UploadAsync("owner-a", UploadStatus.Receiving, idleFor: longest + TimeSpan.FromMinutes(1));
        await _blobs.GetBlobClient(cutOff.BlobName).UploadAsync(BinaryData.FromString("stored just before the crash"));
        var arriving = await UploadAsync("owner-b", UploadStatus.Receiving, idleFor: longest);
        var swept = new List<string>();
        using var listener = ListenTo(TelemetryNames.JobsSwept, swept.Add);

        var result = await NewSweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, result.UploadsAbandoned);
        Assert.Null(await _uploads.GetAsync(cutOff.OwnerId, cutOff.Id, CancellationToken.None));
        Assert.False((await _blobs.GetBlobClient(cutOff.BlobName).ExistsAsync()).Value);
        Assert.NotNull(await _uploads.GetAsync(arriving.OwnerId, arriving.Id, CancellationToken.None));
        Assert.Equal(["upload_receiving/deleted"], swept);
    }

    [Fact]
    public async Task An_expired_session_whose_completion_was_cut_off_after_storing_the_file_is_removed_with_the_file()
    {
        var expired = await SessionAsync("owner-a", expiresIn: TimeSpan.FromMinutes(-1));
        await _blobs.GetBlobClient(expired.BlobName).UploadAsync(BinaryData.FromString("copied, then the host died"));

        var result = await NewSweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, result.SessionsDeleted);
        Assert.False((await _blobs.GetBlobClient(expired.BlobName).ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_staged_blob_is_kept_while_a_link_could_still_write_it_and_deleted_after()
    {
        // Storage stamps the blobs with its own clock: the sweeper's starts at the real time.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var orphan = _blobs.GetBlobClient(UploadDocument.StagingPrefix + ResourceIds.NewUpload()); // its session was deleted
        await orphan.UploadAsync(BinaryData.FromBytes(new byte[3000]));
        var sweeper = NewSweeper(clock);

        var early = await sweeper.SweepAsync(CancellationToken.None);
        clock.Advance(new UploadOptions().SessionLifetime + TimeSpan.FromMinutes(6));
        var late = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(0, early.StagedBlobsDeleted);
        Assert.True(late.StagedBlobsDeleted >= 1);
        Assert.False((await orphan.ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_timer_runs_a_sweep_under_its_function_name_and_schedule_setting()
    {
        var stuck = await StoryAsync("owner-a", StoryStatus.Writing, idleFor: TimeSpan.FromHours(1));
        ITimerJob timer = NewSweeper();

        await timer.RunAsync(new TimerRun(_clock.GetUtcNow(), IsPastDue: false), CancellationToken.None);

        Assert.Equal((FunctionNames.SweeperTimer, ScheduleSettings.Sweeper), (timer.FunctionName, timer.ScheduleSetting));
        Assert.Equal(StoryStatus.Failed, (await _stories.GetAsync(stuck.OwnerId, stuck.Id, CancellationToken.None))!.Status);
    }

    private Sweeper NewSweeper(TimeProvider? clock = null)
    {
        var meters = _metrics.GetRequiredService<IMeterFactory>();
        var streaming = new UploadStreaming(standIns.CreateBlobServiceClient(), standIns.CreateBlobServiceClient(), Options.Create(new UploadOptions()));
        var blobs = standIns.CreateBlobServiceClient();
        var audio = new StoryAudio(blobs, new BlobLinks(blobs, clock ?? _clock), Options.Create(new StoryOptions()), clock ?? _clock);
        return new Sweeper(_stories, audio, _uploads, streaming, _queue.Object, new StoryMetrics(meters), new UploadMetrics(meters), new SweeperMetrics(meters),
            Options.Create(new JobsOptions()), Options.Create(new UploadOptions()), Options.Create(new HttpOptions()), clock ?? _clock, NullLogger<Sweeper>.Instance);
    }

    private static readonly TimeSpan DeadlinePassed = TimeSpan.FromMinutes(-1);

    /// <param name="deadlineIn">When its retry deadline is, from now (default: a minute ago).</param>
    /// <param name="storeDeadline">false: stored without one, as before deadlines existed.</param>
    private async Task<StoryDocument> StoryAsync(string owner, StoryStatus status, TimeSpan idleFor, TimeSpan? deadlineIn = null, bool storeDeadline = true)
    {
        var updated = _clock.GetUtcNow() - idleFor;
        var story = new StoryDocument
        {
            Id = ResourceIds.NewStory(), OwnerId = owner + Guid.NewGuid().ToString("N")[..6], Status = status,
            Request = new StoryRequest("Mia", 5, "space", StoryLength.Short), CreatedAt = updated, UpdatedAt = updated,
            RetryDeadline = Deadline(deadlineIn, storeDeadline, idleFor),
        };
        Assert.True(await _stories.CreateAsync(story, story.OwnerId, CancellationToken.None));
        return (await _stories.GetAsync(story.OwnerId, story.Id, CancellationToken.None))!;
    }

    private async Task<UploadDocument> UploadAsync(string owner, UploadStatus status, TimeSpan idleFor, TimeSpan? deadlineIn = null, bool storeDeadline = true)
    {
        var updated = _clock.GetUtcNow() - idleFor;
        var upload = new UploadDocument
        {
            Id = ResourceIds.NewUpload(), OwnerId = owner + Guid.NewGuid().ToString("N")[..6], Status = status, FileName = "drawing.png",
            ContentType = "image/png", Kind = UploadKind.Image, SizeBytes = 4, CreatedAt = updated, UpdatedAt = updated,
            RetryDeadline = Deadline(deadlineIn, storeDeadline, idleFor),
        };
        Assert.True(await _uploads.CreateAsync(upload, upload.OwnerId, CancellationToken.None));
        return (await _uploads.GetAsync(upload.OwnerId, upload.Id, CancellationToken.None))!;
    }

    private DateTimeOffset? Deadline(TimeSpan? deadlineIn, bool store, TimeSpan idleFor)
    {
        if (store) return _clock.GetUtcNow() + (deadlineIn ?? DeadlinePassed);
        Assert.True(idleFor > new JobsOptions().RetryBudget, "without a stored deadline the test needs creation + budget to have passed");
        return null;
    }

    private async Task<UploadDocument> SessionAsync(string owner, TimeSpan expiresIn)
    {
        var upload = await UploadAsync(owner, UploadStatus.Pending, idleFor: TimeSpan.FromMinutes(20));
        var session = (await _uploads.ReplaceAsync(upload with { SessionExpiresAt = _clock.GetUtcNow() + expiresIn }, upload.Id, upload.OwnerId, upload.ETag, CancellationToken.None))!;
        await _blobs.GetBlobClient(session.StagingBlobName).UploadAsync(BinaryData.FromString("partly uploaded"));
        return session;
    }

    /// <summary>The <c>kind/action</c> of each measurement of one instrument of this test's meter factory.</summary>
    private MeterListener ListenTo(string instrumentName, Action<string> record)
    {
        var factory = _metrics.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = new Dictionary<string, object?>();
            foreach (var tag in tags) values[tag.Key] = tag.Value;
            lock (listener) record($"{values["kind"]}/{values["action"]}");
        });
        listener.Start();
        return listener;
    }
}
