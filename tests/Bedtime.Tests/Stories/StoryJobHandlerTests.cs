using System.Diagnostics.Metrics;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.Storage;
using Bedtime.Security.PromptInjection;
using Bedtime.Stories;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.Espeak;
using Bedtime.Stories.Safety;
using Bedtime.Stories.Writing;
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
        Assert.Equal(1, done.Attempts);
        Assert.Equal((1, 4), (writer.Calls, narrator.Calls)); // the title's segment, then one per paragraph
        Assert.Equal([null, 0, 1, 2], done.Segments.Select(s => s.Paragraph));
        Assert.Equal([0.0, 1.0, 2.0, 3.0], done.Segments.Select(s => s.StartSeconds));
        Assert.Equal(done.Title, Assert.Single(done.Segments[0].Sentences).Text);
        Assert.Equal(new StoredAudio(done.Id + ".wav", "audio/wav", 44 + 4 * 16_000, 4.0), done.Audio);
        Assert.Equal(done.Segments.Select(s => s.BlobName).Append(done.Audio!.BlobName).Order(), await AudioBlobsOfAsync(done));
    }

    [Fact]
    public async Task Segments_are_stored_and_playable_while_later_paragraphs_are_still_being_written()
    {
        var finish = new TaskCompletionSource();
        var writer = new StreamingStoryWriter(async (brief, passages, ct) =>
        {
            var story = ScriptedStoryWriter.Story(brief);
            passages.Report(new WrittenPassage(null, story.Title));
            passages.Report(new WrittenPassage(0, story.Paragraphs[0]));
            await finish.Task.WaitAsync(ct);
            for (var i = 1; i < story.Paragraphs.Count; i++) passages.Report(new WrittenPassage(i, story.Paragraphs[i]));
            return story;
        });
        var story = await QueuedAsync(narrated: true);

        var job = Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);
        var early = await EventuallyAsync(story, s => s.Segments.Count >= 2);
        finish.SetResult();
        await job;

        Assert.Equal(StoryStatus.Writing, early.Status);
        Assert.Equal([null, 0], early.Segments.Select(s => s.Paragraph));
        Assert.Single(early.Paragraphs);
        Assert.InRange(early.Progress, 11, 99);
        Assert.True(await standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Audio).GetBlobClient(early.Segments[0].BlobName).ExistsAsync());
        var done = await ReloadAsync(story);
        Assert.Equal((StoryStatus.Completed, 4), (done.Status, done.Segments.Count));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task With_espeak_ng_the_timings_add_up_to_the_joined_files_duration_as_sox_measures_it()
    {
        var espeak = new EspeakNarrator(Options.Create(new NarratorOptions()), TimeProvider.System, NullLogger<EspeakNarrator>.Instance);
        var writer = new ScriptedStoryWriter((_, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(new WrittenStory("The Quiet Harbour", [
            "The boats rocked gently in the harbour. A lighthouse blinked its slow, friendly eye.",
            "Mia counted the masts: one, two, three. The gulls had long gone to sleep!",
            "Would the sea be calm tomorrow? Yes, whispered the wind, and Mia smiled. Good night.",
        ])));
        var story = await QueuedAsync(narrated: true);

        await Handler(writer, espeak).HandleAsync(Delivery(story), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal(("audio/mpeg", 4), (done.Audio?.ContentType, done.Segments.Count));
        Assert.Equal([1, 2, 2, 3], done.Segments.Select(s => s.Sentences.Count));
        var joined = Path.Combine(Path.GetTempPath(), $"bedtime-joined-{Guid.NewGuid():N}.mp3");
        try
        {
            await standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Audio).GetBlobClient(done.Audio!.BlobName).DownloadToAsync(joined);
            var sox = await ProcessRunner.RunAsync("sox", ["--info", "-D", joined], null, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
            var measured = double.Parse(sox.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(done.Segments.Sum(s => s.DurationSeconds), measured - 0.05 * 4, measured + 0.05 * 4);
        }
        finally
        {
            File.Delete(joined);
        }
        foreach (var segment in done.Segments)
        {
            Assert.InRange(segment.DurationSeconds - segment.Sentences[^1].EndSeconds, 0, 0.05);
            Assert.All(segment.Sentences.Zip(segment.Sentences.Skip(1)), p => Assert.Equal(p.First.EndSeconds, p.Second.StartSeconds, precision: 3));
        }
        Assert.Equal(done.Segments.Select(s => s.StartSeconds), done.Segments.Select((s, i) => Math.Round(done.Segments.Take(i).Sum(x => x.DurationSeconds), 3)));
    }

    [Fact]
    public async Task A_crash_between_segments_resumes_without_narrating_a_stored_segment_again_or_leaving_a_duplicate()
    {
        var failThird = new ScriptedNarrator((call, _) => Task.FromResult<ProviderResult<Bedtime.Stories.Narration.NarratedAudio>>(call >= 3
            ? ProviderFailure.Retry("narration_unavailable", "Speech answered 503.")
            : ScriptedNarrator.Silence(1)));
        var story = await QueuedAsync(narrated: true);
        await Handler(new ScriptedStoryWriter(), failThird).HandleAsync(Delivery(story), CancellationToken.None); // put off to retry
        var stopped = await ReloadAsync(story);
        Assert.Equal((StoryStatus.Narrating, 2, "narration_unavailable"), (stopped.Status, stopped.Segments.Count, stopped.LastTransientError?.Code));
        // As if the worker died after storing the second segment's blob but before recording it.
        await _stories.ReplaceAsync(stopped with { Segments = [stopped.Segments[0]] }, story.Id, story.OwnerId, stopped.ETag, CancellationToken.None);

        var narrator = new ScriptedNarrator();
        await Handler(new ScriptedStoryWriter(), narrator).HandleAsync(Delivery(story, dequeueCount: 2), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Completed, done.Status);
        Assert.Equal(2, narrator.Calls); // only the last two paragraphs
        Assert.Equal(stopped.Segments, done.Segments.Take(2), new SegmentComparer());
        Assert.Equal([0.0, 1.0, 2.0, 3.0], done.Segments.Select(s => s.StartSeconds));
        Assert.Equal(5, (await AudioBlobsOfAsync(done)).Count); // four segments and the joined file
    }

    [Fact]
    public async Task A_rewrite_reuses_the_stored_segments_whose_text_comes_out_the_same()
    {
        var story = await QueuedAsync(narrated: true);
        await Handler(new ScriptedStoryWriter(), new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);
        var first = await ReloadAsync(story);
        // As if writing had broken off: the document back to writing, its segment blobs still stored.
        await _stories.ReplaceAsync(first with { Status = StoryStatus.Writing, Title = null, Paragraphs = [], Segments = [], Audio = null, CompletedAt = null },
            story.Id, story.OwnerId, first.ETag, CancellationToken.None);

        var narrator = new ScriptedNarrator();
        await Handler(new ScriptedStoryWriter(), narrator).HandleAsync(Delivery(story, dequeueCount: 2), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Completed, done.Status);
        Assert.Equal(0, narrator.Calls);
        Assert.Equal(first.Segments, done.Segments, new SegmentComparer());
    }

    [Fact]
    public async Task A_paragraph_that_fails_the_content_check_is_never_stored_and_leaves_no_audio()
    {
        var writer = new StreamingStoryWriter(async (brief, passages, ct) =>
        {
            passages.Report(new WrittenPassage(null, "A tale"));
            passages.Report(new WrittenPassage(0, "Mia looked up at the quiet stars."));
            passages.Report(new WrittenPassage(1, "There was blood everywhere."));
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("not reached: the job stops the writer");
        });
        var story = await QueuedAsync(narrated: true);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal(("content_policy", StoryStatus.Failed), (failed.Error!.Code, failed.Status));
        Assert.Empty(failed.Paragraphs);
        Assert.Null(failed.Title);
        Assert.Empty(failed.Segments);
        Assert.Empty(await AudioBlobsOfAsync(failed));
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
        Assert.Equal((1, 4), (writer.Calls, narrator.Calls));
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
        Assert.Equal((0, 4), (writer.Calls, narrator.Calls));
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
        var writer = new ScriptedStoryWriter((_, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(ProviderFailure.Permanent("writer_rejected", "The model refused the request.")));
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Failed, failed.Status);
        Assert.Equal(new StoryError("writer_rejected", "The model refused the request."), failed.Error);
        Assert.Equal(1, writer.Calls);
    }

    [Fact]
    public async Task Generated_text_that_fails_the_content_check_is_written_again_once_with_a_stricter_brief_then_fails_with_content_policy()
    {
        var briefs = new List<StoryBrief>();
        var writer = new ScriptedStoryWriter((brief, _, _) =>
        {
            briefs.Add(brief);
            return Task.FromResult<ProviderResult<WrittenStory>>(new WrittenStory("A tale", ["There was blood everywhere."]));
        });
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal(("content_policy", StoryStatus.Failed), (failed.Error!.Code, failed.Status));
        Assert.Equal([false, true], briefs.Select(b => b.Strict));
        Assert.Empty(failed.Paragraphs);
    }

    [Fact]
    public async Task A_story_whose_stricter_text_passes_the_check_completes_with_that_text()
    {
        var writer = new ScriptedStoryWriter((brief, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(brief.Strict
            ? ScriptedStoryWriter.Story(brief)
            : new WrittenStory("A tale", ["The monster drew a knife and stabbed the knight."])));
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Completed, done.Status);
        Assert.True(done.Strict);
        Assert.Equal(ScriptedStoryWriter.Story(new StoryBriefBuilder().Build()).Paragraphs.Count, done.Paragraphs.Count);
        Assert.DoesNotContain(done.Paragraphs, p => p.Contains("knife", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_story_the_writers_own_filters_declined_gets_the_same_second_chance()
    {
        var writer = new ScriptedStoryWriter((brief, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(brief.Strict
            ? ScriptedStoryWriter.Story(brief)
            : ProviderFailure.Permanent("content_policy", "Refused by the content filter.")));
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        Assert.Equal(StoryStatus.Completed, (await ReloadAsync(story)).Status);
        Assert.Equal(2, writer.Calls);
    }

    [Fact]
    public async Task An_upload_text_that_fails_the_check_for_the_childs_age_fails_the_story_before_anything_is_written()
    {
        var writer = new ScriptedStoryWriter();
        var story = await QueuedAsync(narrated: false, inspirations: [new StoryInspiration("text", "The pirates fought with swords until the deck was covered in blood.")]);

        await Handler(writer, new ScriptedNarrator()).HandleAsync(Delivery(story), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal(("content_policy", StoryStatus.Failed), (failed.Error!.Code, failed.Status));
        Assert.Contains("upload", failed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.Calls);
    }

    [Fact]
    public async Task An_attack_the_prompt_shield_finds_in_an_upload_text_fails_the_story_before_a_writer_reads_it()
    {
        var shield = new Mock<IPromptShield>();
        shield.Setup(s => s.FindAttacksAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<string> documents, CancellationToken _) => documents.Select(d => d.Contains("moon", StringComparison.Ordinal)).ToList());
        var writer = new ScriptedStoryWriter();
        var story = await QueuedAsync(narrated: false, inspirations: [new StoryInspiration("image", "A cat."), new StoryInspiration("text", "The moon is made of cheese.")]);

        await Handler(writer, new ScriptedNarrator(), safety: new StorySafety([], shield.Object, NullLogger<StorySafety>.Instance))
            .HandleAsync(Delivery(story), CancellationToken.None);

        Assert.Equal("content_policy", (await ReloadAsync(story)).Error!.Code);
        Assert.Equal(0, writer.Calls);
    }

    [Fact]
    public async Task A_content_check_service_that_cannot_answer_puts_the_job_off_and_stores_no_text()
    {
        var service = new Mock<ISafetyChecker>();
        service.Setup(s => s.CheckAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(ProviderFailure.Retry("safety_check_unavailable", "Azure AI Content Safety answered 503."));
        var story = await QueuedAsync(narrated: false);

        await Handler(new ScriptedStoryWriter(), new ScriptedNarrator(), safety: new StorySafety([service.Object], new NoPromptShield(), NullLogger<StorySafety>.Instance))
            .HandleAsync(Delivery(story), CancellationToken.None);

        var waiting = await ReloadAsync(story);
        _queue.Verify(q => q.EnqueueLaterAsync(QueueNames.StoryJobs, It.Is<JobMessage>(m => m.JobId == story.Id && m.Deferrals == 1),
            It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(StoryStatus.Writing, waiting.Status);
        Assert.Empty(waiting.Paragraphs);
        Assert.Null(waiting.Title);
        Assert.Equal("safety_check_unavailable", waiting.LastTransientError!.Code);
    }

    [Fact]
    public async Task A_story_the_content_check_service_refuses_is_written_again_with_a_stricter_brief()
    {
        var service = new Mock<ISafetyChecker>();
        service.Setup(s => s.CheckAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string text, int age, CancellationToken _) => SafetyVerdict.For(
                text.Contains("adventure", StringComparison.Ordinal) ? [new SafetyFinding(SafetyCategory.Violence, 4, "content-safety: Violence 4")] : [], age));
        var writer = new ScriptedStoryWriter((brief, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(brief.Strict
            ? new WrittenStory("Mia and the stars", ["Mia counted the stars.", "Then she slept. Good night."])
            : ScriptedStoryWriter.Story(brief)));
        var story = await QueuedAsync(narrated: false);

        await Handler(writer, new ScriptedNarrator(), safety: new StorySafety([service.Object], new NoPromptShield(), NullLogger<StorySafety>.Instance))
            .HandleAsync(Delivery(story), CancellationToken.None);

        var done = await ReloadAsync(story);
        Assert.Equal((StoryStatus.Completed, true), (done.Status, done.Strict));
        Assert.Equal(["Mia counted the stars.", "Then she slept. Good night."], done.Paragraphs);
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
        var blobs = standIns.CreateBlobServiceClient();
        var poison = new StoryPoisonHandler(_stories, new StoryAudio(blobs, new BlobLinks(blobs, _clock), Options.Create(new StoryOptions()), _clock), Metrics(), _clock, NullLogger<StoryPoisonHandler>.Instance);

        await poison.HandleAsync(Delivery(story, dequeueCount: 1), CancellationToken.None);

        var failed = await ReloadAsync(story);
        Assert.Equal(StoryStatus.Failed, failed.Status);
        Assert.Equal("retries_exhausted", failed.Error!.Code);
        Assert.Contains("503", failed.Error.Message);
    }

    private async Task<IReadOnlyList<string>> AudioBlobsOfAsync(StoryDocument story)
    {
        var names = new List<string>();
        await foreach (var blob in standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Audio).GetBlobsAsync(prefix: story.Id))
            names.Add(blob.Name);
        return [.. names.Order()];
    }

    /// <summary>Reloads the story until <paramref name="done"/> holds (the job runs alongside; bounded, not timed).</summary>
    private async Task<StoryDocument> EventuallyAsync(StoryDocument story, Func<StoryDocument, bool> done)
    {
        for (var i = 0; i < 500; i++)
        {
            var current = await ReloadAsync(story);
            if (done(current)) return current;
            await Task.Delay(20);
        }
        throw new TimeoutException("The story never reached the expected state.");
    }

    /// <summary>Segments compared by what they hold (their sentence lists are separate instances).</summary>
    private sealed class SegmentComparer : IEqualityComparer<StoredSegment>
    {
        public bool Equals(StoredSegment? x, StoredSegment? y) =>
            x is not null && y is not null && (x with { Sentences = [] }) == (y with { Sentences = [] }) && x.Sentences.SequenceEqual(y.Sentences);

        public int GetHashCode(StoredSegment obj) => obj.BlobName.GetHashCode(StringComparison.Ordinal);
    }

    private StoryJobHandler Handler(IStoryWriter writer, INarrator narrator, TimeSpan? writingTimeout = null, StorySafety? safety = null)
    {
        var options = Options.Create(new StoryOptions { WritingTimeout = writingTimeout ?? TimeSpan.FromSeconds(10) });
        var blobs = standIns.CreateBlobServiceClient();
        var audio = new StoryAudio(blobs, new BlobLinks(blobs, _clock), options, _clock);
        var deferral = new JobDeferral(_queue.Object, Options.Create(new JobsOptions()), NullLogger<JobDeferral>.Instance);
        return new StoryJobHandler(_stories, writer, safety ?? OfflineSafety, narrator, audio, Metrics(), deferral, options, Options.Create(new JobsOptions()), _clock, NullLogger<StoryJobHandler>.Instance);
    }

    /// <summary>A writer whose circuit is open: every call fails, saying when to come back.</summary>
    private static ScriptedStoryWriter WriterWithOpenCircuit(TimeSpan retryAfter) =>
        new((_, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(ProviderFailure.Retry("writer_circuit_open", "Azure OpenAI is failing.", retryAfter)));

    private static StoryMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static readonly StorySafety OfflineSafety = new([], new NoPromptShield(), NullLogger<StorySafety>.Instance);

    private async Task<StoryDocument> QueuedAsync(bool narrated, TimeSpan? deadlineIn = null, IReadOnlyList<StoryInspiration>? inspirations = null)
    {
        var id = ResourceIds.NewStory();
        var owner = "owner-" + Guid.NewGuid().ToString("N")[..8];
        var story = new StoryDocument
        {
            Id = id, OwnerId = owner, Status = StoryStatus.Queued, Seed = 42, CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow(),
            RetryDeadline = _clock.GetUtcNow() + (deadlineIn ?? new JobsOptions().RetryBudget),
            Request = new StoryRequest("Mia", 5, "space", StoryLength.Short, Narration: narrated ? new NarrationChoice(true) : null),
            Inspirations = inspirations ?? [],
        };
        await _stories.CreateAsync(story, owner, CancellationToken.None);
        return (await _stories.GetAsync(owner, id, CancellationToken.None))!;
    }

    private Task<StoryDocument> ReloadAsync(StoryDocument story) => _stories.GetAsync(story.OwnerId, story.Id, CancellationToken.None)!;

    private QueueDelivery Delivery(StoryDocument story, long dequeueCount = 1, int deferrals = 0) =>
        new("m-" + Guid.NewGuid().ToString("N"), (JobMessage.Create(story.Id, story.OwnerId, "story", _clock) with { Deferrals = deferrals }).ToJson(), dequeueCount, _clock.GetUtcNow());
}
