using System.Diagnostics.Metrics;
using Bedtime.Platform;

namespace Bedtime.Security.RateLimiting;

public sealed class RateLimitMetrics
{
    private readonly Counter<long> _rejected, _storeUnavailable;

    public RateLimitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.Meter);
        _rejected = meter.CreateCounter<long>(TelemetryNames.RateLimitRejected);
        _storeUnavailable = meter.CreateCounter<long>(TelemetryNames.RateLimitStoreUnavailable);
    }

    public void Rejected(string rule, bool locally) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("local", locally));

    public void StoreUnavailable(RateLimitPolicy policy, bool failedClosed) =>
        _storeUnavailable.Add(1, new KeyValuePair<string, object?>("policy", policy.ToString()), new KeyValuePair<string, object?>("failedClosed", failedClosed));
}
