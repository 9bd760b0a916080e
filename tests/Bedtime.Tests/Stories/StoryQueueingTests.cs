using System.Net;
using System.Text.Json;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Stories;

/// <summary>A story whose job message fails to go out, or goes missing, through the local runner and the real queue.</summary>
[Collection(StandInsCollection.Name)]
public sealed class StoryQueueingTests(StandInsFixture standIns) : IAsyncLifetime
{
    private readonly UnreliableQueue _queue = new();
    private RunningApp _app = null!;
    private HttpClient _parent = null!;

    public async Task InitializeAsync()
    {
        _app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true", services =>
        {
            services.AddSingleton<StorageJobQueue>();
            services.AddSingleton<IJobQueue>(sp => _queue.Over(sp.GetRequiredService<StorageJobQueue>()));
        });
        _parent = await _app.ClientForAsync("parent-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        _parent.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_story_whose_job_cannot_be_queued_is_a_503_and_not_kept_and_the_retry_with_its_key_completes()
    {
        _queue.FailNext();

        using var refused = await SendAsync("key-queue-down");
        using var retried = await SendAsync("key-queue-down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var stories = await ListAsync();
        Assert.Single(stories); // the refused attempt left nothing behind
        Assert.Equal("completed", (await _parent.PollUntilFinalAsync(retried.Headers.Location!.ToString())).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_replay_of_a_story_whose_message_went_missing_sends_its_job_again_and_the_story_completes()
    {
        _queue.DropNext();
        using var accepted = await SendAsync("key-message-lost");
        var location = accepted.Headers.Location!.ToString();
        using (var stillQueued = await _parent.GetAsync(location))
            Assert.Equal("queued", (await stillQueued.JsonAsync()).GetProperty("status").GetString());

        using var replayed = await SendAsync("key-message-lost");

        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal(location, replayed.Headers.Location!.ToString());
        Assert.Equal("completed", (await _parent.PollUntilFinalAsync(location)).GetProperty("status").GetString());
    }

    private async Task<HttpResponseMessage> SendAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stories") { Content = Json(new StoryRequestBuilder().Build()) };
        request.Headers.Add("Idempotency-Key", key);
        return await _parent.SendAsync(request);
    }

    private async Task<List<JsonElement>> ListAsync()
    {
        using var listed = await _parent.GetAsync("/api/stories");
        return [.. (await listed.JsonAsync()).GetProperty("items").EnumerateArray()];
    }

    /// <summary>The real queue, except that the next story job can be made to fail as storage does in an outage, or to vanish.</summary>
    private sealed class UnreliableQueue : IJobQueue
    {
        private IJobQueue _inner = null!;
        private int _fail, _drop;

        public IJobQueue Over(IJobQueue inner)
        {
            _inner = inner;
            return this;
        }

        public void FailNext() => Interlocked.Exchange(ref _fail, 1);
        public void DropNext() => Interlocked.Exchange(ref _drop, 1);

        public Task EnqueueAsync(string queueName, JobMessage message, CancellationToken cancellationToken)
        {
            if (queueName == QueueNames.StoryJobs && Interlocked.Exchange(ref _fail, 0) == 1)
                throw new Azure.RequestFailedException(503, "The server is busy.");
            if (queueName == QueueNames.StoryJobs && Interlocked.Exchange(ref _drop, 0) == 1)
                return Task.CompletedTask;
            return _inner.EnqueueAsync(queueName, message, cancellationToken);
        }

        public Task EnqueueLaterAsync(string queueName, JobMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
            _inner.EnqueueLaterAsync(queueName, message, delay, cancellationToken);
    }
}
