using System.Diagnostics.Metrics;
using Bedtime.Platform;

namespace Bedtime.Backups;

/// <summary>The backup instruments (names in <see cref="TelemetryNames"/>; an alert fires when no success is reported for 2 h).</summary>
public sealed class BackupMetrics
{
    private readonly Counter<long> _succeeded, _failed;
    private readonly Histogram<double> _seconds;
    private readonly Histogram<long> _documents, _bytes;

    public BackupMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.Meter);
        _succeeded = meter.CreateCounter<long>(TelemetryNames.BackupsSucceeded);
        _failed = meter.CreateCounter<long>(TelemetryNames.BackupsFailed);
        _seconds = meter.CreateHistogram<double>(TelemetryNames.BackupSeconds, "s");
        _documents = meter.CreateHistogram<long>(TelemetryNames.BackupDocuments);
        _bytes = meter.CreateHistogram<long>(TelemetryNames.BackupBytes, "By");
    }

    /// <summary>One verified backup: its duration, and the documents and stored (compressed) bytes it holds.</summary>
    public void Succeeded(TimeSpan duration, long documents, long bytes)
    {
        _succeeded.Add(1);
        _seconds.Record(duration.TotalSeconds);
        _documents.Record(documents);
        _bytes.Record(bytes);
    }

    /// <param name="stage">What failed: <c>run</c> (an error during a run) or <c>verification</c> (a copy that does not match its manifest).</param>
    public void Failed(string stage) => _failed.Add(1, new KeyValuePair<string, object?>("stage", stage));
}
