using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Bedtime.Tests.TestSupport;

/// <summary>Records the measurements of the meters one service provider's <see cref="IMeterFactory"/> created (other apps in the run are ignored).</summary>
public sealed class MetricsCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public MetricsCapture(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements => [.. _measurements];

    public IEnumerable<(double Value, Dictionary<string, object?> Tags)> Of(string name) =>
        Measurements.Where(m => m.Name == name).Select(m => (m.Value, m.Tags));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    public void Dispose() => _listener.Dispose();
}
