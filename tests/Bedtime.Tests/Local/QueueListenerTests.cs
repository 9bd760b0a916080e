using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Bedtime.Jobs;
using Bedtime.Local.Hosting;
using Bedtime.Local.Queues;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bedtime.Tests.Local;

[Collection(StandInsCollection.Name)]
public sealed class QueueListenerTests(StandInsFixture standIns)
{
    private static readonly HostJson FastHost = new(new QueueTriggerSettings
    {
        BatchSize = 4,
        NewBatchThreshold = 2,
        MaxDequeueCount = 3,
        VisibilityTimeout = TimeSpan.FromSeconds(1),
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
    }, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_message_handled_successfully_is_deleted()
    {
        var handler = new RecordingHandler(StandInsFixture.UniqueName("ok-"), _ => Task.CompletedTask);
        await using var listening = await ListenAsync(handler);

        await listening.SendAsync("""{"hello":"world"}""");

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(handler.Deliveries.Count == 1), TimeSpan.FromSeconds(10)));
        Assert.Equal("""{"hello":"world"}""", handler.Deliveries.Single().Text);
        Assert.True(await Eventually.TrueAsync(async () => (await listening.Queue.PeekMessagesAsync(1)).Value.Length == 0, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_failed_message_reappears_after_the_visibility_timeout_and_then_succeeds()
    {
        var handler = new RecordingHandler(StandInsFixture.UniqueName("retry-"), d => d.DequeueCount == 1 ? throw new TimeoutException("transient") : Task.CompletedTask);
        await using var listening = await ListenAsync(handler);

        await listening.SendAsync("job");

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(handler.Deliveries.Count == 2), TimeSpan.FromSeconds(15)));
        var gap = handler.Times[1] - handler.Times[0];
        Assert.True(gap >= TimeSpan.FromSeconds(0.9), $"retried after {gap.TotalMilliseconds} ms, before the 1 s visibility timeout");
        Assert.Equal([1L, 2L], handler.Deliveries.Select(d => d.DequeueCount));
        Assert.True(await Eventually.TrueAsync(async () => (await listening.Queue.PeekMessagesAsync(1)).Value.Length == 0, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_message_that_always_fails_moves_to_the_poison_queue_after_exactly_maxDequeueCount_attempts_and_the_poison_handler_sees_it()
    {
        var name = StandInsFixture.UniqueName("fail-");
        var failing = new RecordingHandler(name, _ => throw new InvalidOperationException("always"));
        var poison = new RecordingHandler(name + "-poison", _ => Task.CompletedTask);
        await using var listening = await ListenAsync(failing, poison);

        await listening.SendAsync("doomed");

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(poison.Deliveries.Count == 1), TimeSpan.FromSeconds(20)));
        Assert.Equal(FastHost.Queues.MaxDequeueCount, failing.Deliveries.Count);
        Assert.Equal([1L, 2L, 3L], failing.Deliveries.Select(d => d.DequeueCount));
        for (var i = 1; i < failing.Times.Count; i++)
            Assert.True(failing.Times[i] - failing.Times[i - 1] >= TimeSpan.FromSeconds(0.9), "attempts must be spaced by the visibility timeout");
        Assert.Equal("doomed", poison.Deliveries.Single().Text);
        Assert.Equal(0, (await listening.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_straight_to_poison_without_reaching_the_handler()
    {
        var name = StandInsFixture.UniqueName("garbled-");
        var handler = new RecordingHandler(name, _ => Task.CompletedTask);
        // No listener on the poison queue: it would take the message (and, as it is not base64 there either, move it on).
        await using var listening = await ListenAsync(handler);

        await listening.RawQueue.SendMessageAsync("%%% not base64 %%%");

        Assert.True(await Eventually.TrueAsync(async () => (await listening.PoisonQueue.PeekMessagesAsync(1)).Value.Length == 1, TimeSpan.FromSeconds(10)));
        Assert.Empty(handler.Deliveries);
    }

    [Fact]
    public async Task A_batch_is_processed_in_parallel()
    {
        var gate = new TaskCompletionSource();
        var started = 0;
        var handler = new RecordingHandler(StandInsFixture.UniqueName("par-"), async _ =>
        {
            if (Interlocked.Increment(ref started) == 3) gate.TrySetResult();
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
        });
        await using var listening = await ListenAsync(handler);

        for (var i = 0; i < 3; i++) await listening.SendAsync($"m{i}");

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(handler.Deliveries.Count == 3), TimeSpan.FromSeconds(10)));
        await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<Listening> ListenAsync(params RecordingHandler[] handlers)
    {
        var raw = standIns.CreateQueueServiceClient(QueueMessageEncoding.None);
        var encoded = standIns.CreateQueueServiceClient();
        foreach (var h in handlers)
        {
            await raw.GetQueueClient(h.QueueName).CreateIfNotExistsAsync();
            await raw.GetQueueClient(h.QueueName + "-poison").CreateIfNotExistsAsync();
        }
        var stop = new CancellationTokenSource();
        var runs = handlers.Select(h => new QueueListener(h, raw, FastHost, TimeProvider.System, NullLogger<QueueListener>.Instance, TimeSpan.FromSeconds(10)))
            .Select(l => Task.Run(() => l.RunAsync(stop.Token))).ToList();
        var first = handlers[0].QueueName;
        return new Listening(encoded.GetQueueClient(first), raw.GetQueueClient(first), raw.GetQueueClient(first + "-poison"), stop, runs);
    }

    private sealed record Listening(QueueClient Queue, QueueClient RawQueue, QueueClient PoisonQueue, CancellationTokenSource Stop, List<Task> Runs) : IAsyncDisposable
    {
        public Task SendAsync(string text) => Queue.SendMessageAsync(text);

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Task.WhenAll(Runs).WaitAsync(TimeSpan.FromSeconds(15));
            Stop.Dispose();
        }
    }

    private sealed class RecordingHandler(string queue, Func<QueueDelivery, Task> behaviour) : IQueueHandler
    {
        private readonly ConcurrentQueue<(QueueDelivery Delivery, DateTime At)> _seen = new();

        public string FunctionName => "Test-" + queue;
        public string QueueName => queue;
        public IReadOnlyList<QueueDelivery> Deliveries => _seen.Select(s => s.Delivery).ToList();
        public IReadOnlyList<DateTime> Times => _seen.Select(s => s.At).ToList();

        public Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
        {
            _seen.Enqueue((delivery, DateTime.UtcNow));
            return behaviour(delivery);
        }
    }
}
