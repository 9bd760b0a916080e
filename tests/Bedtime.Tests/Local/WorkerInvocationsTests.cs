using System.Threading.Channels;
using Bedtime.Local.FunctionsHost;
using Bedtime.Local.FunctionsHost.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bedtime.Tests.Local;

/// <summary>Invocations over a worker channel, with a scripted worker on the other end of the stream.</summary>
public sealed class WorkerInvocationsTests : IAsyncDisposable
{
    private readonly Channel<StreamingMessage> _fromWorker = Channel.CreateUnbounded<StreamingMessage>();
    private readonly Channel<StreamingMessage> _toWorker = Channel.CreateUnbounded<StreamingMessage>();
    private readonly CancellationTokenSource _stop = new();
    private readonly WorkerChannel _channel = new(NullLogger.Instance);
    private readonly Task _serving;

    public WorkerInvocationsTests() =>
        _serving = _channel.ServeAsync(new Reader(_fromWorker.Reader), new Writer(_toWorker.Writer), _stop.Token);

    [Fact]
    public async Task An_invocation_cancelled_by_its_timeout_is_cancelled_at_the_worker_too()
    {
        using var timeout = new CancellationTokenSource();
        var request = WorkerInvocations.New("function-1");

        var running = WorkerInvocations.RunAsync(_channel, request, "StoryJobs", timeout.Token);
        var sent = await NextToWorkerAsync();
        await timeout.CancelAsync(); // functionTimeout (or shutdown) while the worker is still at it

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(request.InvocationId, sent.InvocationRequest.InvocationId);
        var cancel = await NextToWorkerAsync();
        Assert.Equal(StreamingMessage.ContentOneofCase.InvocationCancel, cancel.ContentCase);
        Assert.Equal(request.InvocationId, cancel.InvocationCancel.InvocationId);
    }

    [Fact]
    public async Task An_invocation_the_worker_reports_failed_throws_with_the_functions_name_and_the_error()
    {
        var request = WorkerInvocations.New("function-1");

        var running = WorkerInvocations.RunAsync(_channel, request, "SweeperTimer", CancellationToken.None);
        await NextToWorkerAsync();
        await _fromWorker.Writer.WriteAsync(new StreamingMessage
        {
            InvocationResponse = new InvocationResponse
            {
                InvocationId = request.InvocationId,
                Result = new StatusResult { Status = StatusResult.Types.Status.Failure, Exception = new Bedtime.Local.FunctionsHost.Rpc.RpcException { Message = "Cosmos DB is unavailable." } },
            },
        });

        var failed = await Assert.ThrowsAsync<FunctionInvocationException>(() => running);
        Assert.Contains("Functions.SweeperTimer failed", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Cosmos DB is unavailable.", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invocation_in_flight_when_the_worker_goes_away_fails_at_once()
    {
        var running = WorkerInvocations.RunAsync(_channel, WorkerInvocations.New("function-1"), "StoryJobs", CancellationToken.None);
        await NextToWorkerAsync();

        _fromWorker.Writer.Complete(); // the worker's stream ends: it exited or was killed

        await Assert.ThrowsAsync<WorkerGoneException>(() => running);
    }

    private async Task<StreamingMessage> NextToWorkerAsync() =>
        await _toWorker.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        _fromWorker.Writer.TryComplete();
        await _stop.CancelAsync();
        await _serving.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private sealed class Reader(ChannelReader<StreamingMessage> messages) : IAsyncStreamReader<StreamingMessage>
    {
        public StreamingMessage Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await messages.WaitToReadAsync(cancellationToken)) return false;
            Current = await messages.ReadAsync(cancellationToken);
            return true;
        }
    }

    private sealed class Writer(ChannelWriter<StreamingMessage> messages) : IServerStreamWriter<StreamingMessage>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(StreamingMessage message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(StreamingMessage message, CancellationToken cancellationToken) => messages.WriteAsync(message, cancellationToken).AsTask();
    }
}
