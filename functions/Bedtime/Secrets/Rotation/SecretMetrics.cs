using System.Diagnostics.Metrics;
using Bedtime.Platform;

namespace Bedtime.Secrets.Rotation;

/// <summary>Rotation's instruments (names in <see cref="TelemetryNames"/>; the near-expiry alert reads the gauge's minimum).</summary>
public sealed class SecretMetrics
{
    private readonly Counter<long> _rotated;
    private readonly Gauge<double> _expiringDays;

    public SecretMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.Meter);
        _rotated = meter.CreateCounter<long>(TelemetryNames.SecretsRotated);
        _expiringDays = meter.CreateGauge<double>(TelemetryNames.SecretsExpiring, "d");
    }

    public void Rotated(string secret, string reason) =>
        _rotated.Add(1, new KeyValuePair<string, object?>("secret", secret), new KeyValuePair<string, object?>("reason", reason));

    public void Expiring(string secret, double daysLeft) =>
        _expiringDays.Record(daysLeft, new KeyValuePair<string, object?>("secret", secret));
}
