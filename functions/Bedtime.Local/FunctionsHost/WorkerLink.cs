using Microsoft.Extensions.Logging;

namespace Bedtime.Local.FunctionsHost;

/// <summary>
/// The worker the host currently talks to. A restarted worker gets a fresh channel and may report new function ids:
/// everything that invokes it asks here at the time of the call, by function name.
/// </summary>
public sealed class WorkerLink(ILogger<WorkerChannel> channelLogger)
{
    private static readonly TimeSpan ReplacementPoll = TimeSpan.FromMilliseconds(100);
    private volatile WorkerChannel _current = new(channelLogger);
    private volatile IReadOnlyDictionary<string, string> _functionIds = new Dictionary<string, string>();
    private volatile TaskCompletionSource<WorkerChannel> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WorkerChannel Current => _current;

    /// <summary>A new channel for the next worker (the previous one has ended).</summary>
    public WorkerChannel Replace()
    {
        if (_loaded.Task.IsCompleted) _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return _current = new WorkerChannel(channelLogger);
    }

    public void Loaded(FunctionTable functions)
    {
        _functionIds = functions.Loadable.ToDictionary(f => f.Name, f => f.FunctionId, StringComparer.Ordinal);
        _loaded.TrySetResult(_current);
    }

    /// <summary>A worker is connected with its functions loaded (false while one is being restarted).</summary>
    public bool IsLoaded => _loaded.Task is { IsCompletedSuccessfully: true } loaded && !loaded.Result.Ended.IsCompleted;

    /// <summary>
    /// The channel of a worker with its functions loaded, and the function's id there. While a worker is being
    /// restarted this waits (bounded by the caller's token: functionTimeout or shutdown), so queue messages and timers
    /// that arrive meanwhile are not failed — and their deliveries not used up — for want of a worker.
    /// </summary>
    public async Task<(WorkerChannel Channel, string FunctionId)> LoadedAsync(string function, CancellationToken cancellationToken)
    {
        while (true)
        {
            var channel = await _loaded.Task.WaitAsync(cancellationToken);
            if (!channel.Ended.IsCompleted) return (channel, FunctionId(function));
            await Task.Delay(ReplacementPoll, cancellationToken); // it ended: the supervisor is about to replace it
        }
    }

    public string FunctionId(string function) =>
        _functionIds.TryGetValue(function, out var id) ? id : throw new WorkerGoneException();
}
