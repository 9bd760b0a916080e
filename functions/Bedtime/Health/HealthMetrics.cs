using System.Diagnostics.Metrics;
using Bedtime.Platform;

namespace Bedtime.Health;

/// <summary>Counts each unhealthy dependency a health check finds; the "health failing" alert reads it.</summary>
public sealed class HealthMetrics
{
    private readonly Counter<long> _unhealthy;

    public HealthMetrics(IMeterFactory meters) =>
        _unhealthy = meters.Create(TelemetryNames.Meter).CreateCounter<long>(TelemetryNames.HealthChecksFailed);

    public void Unhealthy(string check) => _unhealthy.Add(1, new KeyValuePair<string, object?>("check", check));
}
