using System.Diagnostics.Metrics;
using Bedtime.Platform;

namespace Bedtime.Jobs.Sweeping;

public sealed class SweeperMetrics
{
    private readonly Counter<long> _swept;

    public SweeperMetrics(IMeterFactory meters) =>
        _swept = meters.Create(TelemetryNames.Meter).CreateCounter<long>(TelemetryNames.JobsSwept);

    /// <param name="kind"><c>story</c>, <c>upload</c>, <c>upload_session</c> or <c>staged_blob</c>.</param>
    /// <param name="action"><c>failed</c>, <c>requeued</c> or <c>deleted</c>.</param>
    public void Swept(string kind, string action) =>
        _swept.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("action", action));
}
