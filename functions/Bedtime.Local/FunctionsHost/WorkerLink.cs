using Microsoft.Extensions.Logging;

namespace Bedtime.Local.FunctionsHost;

/// <summary>
/// The worker the host currently talks to. A restarted worker gets a fresh channel and may report new function ids:
/// everything that invokes it asks here at the time of the call, by function name.
/// </summary>
public sealed class WorkerLink(ILogger<WorkerChannel> channelLogger)
{
    private volatile WorkerChannel _current = new(channelLogger);
    private volatile IReadOnlyDictionary<string, string> _functionIds = new Dictionary<string, string>();

    public WorkerChannel Current => _current;

    /// <summary>A new channel for the next worker (the previous one has ended).</summary>
    public WorkerChannel Replace() => _current = new WorkerChannel(channelLogger);

    public void Loaded(FunctionTable functions) =>
        _functionIds = functions.Loadable.ToDictionary(f => f.Name, f => f.FunctionId, StringComparer.Ordinal);

    public string FunctionId(string function) =>
        _functionIds.TryGetValue(function, out var id) ? id : throw new WorkerGoneException();
}
