using System.Diagnostics.Metrics;
using Bedtime.Platform;

namespace Bedtime.Uploads;

public sealed class UploadMetrics
{
    private readonly Counter<long> _received, _rejected, _failed, _poisoned;

    public UploadMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.Meter);
        _received = meter.CreateCounter<long>(TelemetryNames.UploadsReceived);
        _rejected = meter.CreateCounter<long>(TelemetryNames.UploadsRejected);
        _failed = meter.CreateCounter<long>(TelemetryNames.UploadsFailed);
        _poisoned = meter.CreateCounter<long>(TelemetryNames.JobsPoisoned);
    }

    public void Received(UploadKind kind) => _received.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));
    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    public void Failed(string code) => _failed.Add(1, new KeyValuePair<string, object?>("code", code));
    public void Poisoned() => _poisoned.Add(1, new KeyValuePair<string, object?>("queue", QueueNames.UploadJobs));
}
