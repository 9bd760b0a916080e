using Bedtime.Platform;
using Bedtime.Stories;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Writing;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Stories;

/// <summary>Retries through the real queue: host.json semantics, overridden the way Functions allows, to keep the test short.</summary>
[Collection(StandInsCollection.Name)]
public sealed class StoryRetriesTests(StandInsFixture standIns)
{
    [Fact]
    public async Task A_provider_that_keeps_failing_is_retried_past_maxDequeueCount_until_the_deadline_then_the_story_fails_with_the_last_error()
    {
        var writer = new ScriptedStoryWriter((_, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(ProviderFailure.Retry("writer_unavailable", "The writer answered 503.")));
        await using var app = await StartAsync(writer, retryBudget: "00:00:10");
        using var client = await app.ClientForAsync("parent-retry");

        using var created = await client.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
        var story = await client.PollUntilFinalAsync(created.Headers.Location!.ToString());

        Assert.Equal("failed", story.GetProperty("status").GetString());
        Assert.Equal(Bedtime.Jobs.JobDeadline.Code, story.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("503", story.GetProperty("error").GetProperty("message").GetString());
        Assert.True(writer.Calls > 3, $"{writer.Calls} calls: the queue's 3 deliveries were not all it got");
        Assert.Equal(writer.Calls, story.GetProperty("attempts").GetInt32()); // the retry after the deadline only failed it
        Assert.True(story.GetProperty("completedAt").GetDateTimeOffset() >= story.GetProperty("retryDeadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_provider_whose_circuit_stays_open_longer_than_maxDequeueCount_allows_is_waited_for_and_the_story_completes()
    {
        // Five paused answers: without deferral, the third would exhaust maxDequeueCount (3) and fail the story.
        var writer = new ScriptedStoryWriter((brief, call, _) => Task.FromResult<ProviderResult<WrittenStory>>(call <= 5
            ? ProviderFailure.Retry("writer_circuit_open", "Azure OpenAI is failing; calls are paused for a while.", TimeSpan.FromMilliseconds(300))
            : ScriptedStoryWriter.Story(brief)));
        await using var app = await StartAsync(writer);
        using var client = await app.ClientForAsync("parent-circuit");

        using var created = await client.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
        var story = await client.PollUntilFinalAsync(created.Headers.Location!.ToString());

        Assert.Equal("completed", story.GetProperty("status").GetString());
        Assert.Equal(6, writer.Calls);
        Assert.Equal(6, story.GetProperty("attempts").GetInt32()); // five put off, the sixth wrote it
        Assert.Equal(5, app.Logs.Lines.Count(line => line.Contains("put off for 1 s (writer_circuit_open)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_provider_that_hangs_once_times_out_and_the_retry_completes_the_story()
    {
        var writer = new ScriptedStoryWriter(async (brief, call, ct) =>
        {
            if (call == 1) await Task.Delay(Timeout.Infinite, ct);
            return ScriptedStoryWriter.Story(brief);
        });
        await using var app = await StartAsync(writer);
        using var client = await app.ClientForAsync("parent-hang");

        using var created = await client.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
        var story = await client.PollUntilFinalAsync(created.Headers.Location!.ToString());

        Assert.Equal("completed", story.GetProperty("status").GetString());
        Assert.Equal(2, writer.Calls);
        Assert.Equal(2, story.GetProperty("attempts").GetInt32());
    }

    private Task<RunningApp> StartAsync(IStoryWriter writer, string retryBudget = "00:30:00") => standIns.StartRunnerAsync(s =>
    {
        s["Jobs:RetryBudget"] = retryBudget;
        s["Jobs:MaxDeferral"] = "00:00:01";
        s["Auth:DevelopmentTokens"] = "true";
        s["Stories:WritingTimeout"] = "00:00:01";
        s["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01";
        s["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3";
        s["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200";
    }, services => services.AddSingleton(writer).AddSingleton<INarrator>(new ScriptedNarrator()));
}
