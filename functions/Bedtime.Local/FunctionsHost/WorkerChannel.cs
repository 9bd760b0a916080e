using System.Collections.Concurrent;
using System.Threading.Channels;
using Bedtime.Local.FunctionsHost.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Bedtime.Local.FunctionsHost;

/// <summary>
/// The host's side of one worker's <c>FunctionRpc.EventStream</c>: messages to the worker are queued and written in
/// order; the worker's answers complete the request that is waiting for them (init and metadata by kind, loads by
/// function id, invocations by invocation id); its logs go to the host's log.
/// </summary>
public sealed partial class WorkerChannel(ILogger logger)
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _waiting = new();

    /// <summary>The worker id the worker announced in <c>StartStream</c>.</summary>
    public Task<string> Started => _started.Task;

    /// <summary>Completes when the worker's stream ends (it exited or was killed).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Serves one EventStream call until the worker closes it or the host stops.</summary>
    public async Task ServeAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(async () =>
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(stop.Token))
                await toWorker.WriteAsync(message, stop.Token);
        }, stop.Token);
        try
        {
            await foreach (var message in fromWorker.ReadAllAsync(cancellationToken))
                Receive(message);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // A killed worker ends the stream abruptly: that is how the host learns it is gone.
        }
        finally
        {
            await stop.CancelAsync();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var waiting in _waiting.Values) waiting.TrySetException(new WorkerGoneException());
            _ended.TrySetResult();
        }
    }

    public async Task<WorkerInitResponse> InitAsync(WorkerInitRequest request, CancellationToken cancellationToken) =>
        (await RequestAsync("init", new StreamingMessage { WorkerInitRequest = request }, cancellationToken)).WorkerInitResponse;

    public async Task<FunctionMetadataResponse> MetadataAsync(FunctionsMetadataRequest request, CancellationToken cancellationToken) =>
        (await RequestAsync("metadata", new StreamingMessage { FunctionsMetadataRequest = request }, cancellationToken)).FunctionMetadataResponse;

    public async Task<FunctionLoadResponse> LoadAsync(FunctionLoadRequest request, CancellationToken cancellationToken) =>
        (await RequestAsync("load:" + request.FunctionId, new StreamingMessage { FunctionLoadRequest = request }, cancellationToken)).FunctionLoadResponse;

    /// <summary>Sends an invocation; the task completes with the worker's response (or fails when the worker goes away).</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        (await RequestAsync("invocation:" + request.InvocationId, new StreamingMessage { InvocationRequest = request }, cancellationToken)).InvocationResponse;

    public void Cancel(string invocationId) =>
        _outgoing.Writer.TryWrite(new StreamingMessage { RequestId = NewId(), InvocationCancel = new InvocationCancel { InvocationId = invocationId } });

    public void Terminate(TimeSpan grace) =>
        _outgoing.Writer.TryWrite(new StreamingMessage
        {
            RequestId = NewId(),
            WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(grace) },
        });

    private async Task<StreamingMessage> RequestAsync(string key, StreamingMessage message, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.TryAdd(key, answer)) throw new InvalidOperationException($"A request '{key}' is already waiting for the worker.");
        try
        {
            if (_ended.Task.IsCompleted) throw new WorkerGoneException();
            message.RequestId = NewId();
            await _outgoing.Writer.WriteAsync(message, cancellationToken);
            return await answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _waiting.TryRemove(key, out _);
        }
    }

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream.WorkerId);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                Answer("init", message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                Answer("metadata", message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                Answer("load:" + message.FunctionLoadResponse.FunctionId, message);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                Answer("invocation:" + message.InvocationResponse.InvocationId, message);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                WriteLog(message.RpcLog);
                break;
            default:
                LogIgnored(logger, message.ContentCase.ToString());
                break;
        }
    }

    private void Answer(string key, StreamingMessage message)
    {
        if (!_waiting.TryGetValue(key, out var waiting) || !waiting.TrySetResult(message))
            LogIgnored(logger, key);
    }

    private void WriteLog(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (level == LogLevel.None || !logger.IsEnabled(level)) return;
        var exception = log.Exception is { } e ? $" {e.Type}: {e.Message}" : "";
        LogWorker(logger, level, log.Category, log.Message + exception);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    [LoggerMessage(EventId = 9100, Message = "[worker] {Category}: {Message}")]
    private static partial void LogWorker(ILogger logger, LogLevel level, string category, string message);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "Ignored a worker message nobody waits for: {What}")]
    private static partial void LogIgnored(ILogger logger, string what);
}

/// <summary>The worker's stream ended while the host was waiting for an answer.</summary>
public sealed class WorkerGoneException() : Exception("The Functions worker is not connected (it exited or was stopped).");
