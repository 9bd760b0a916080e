using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility.Implementation;
using Microsoft.ApplicationInsights.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bedtime.Platform.Telemetry;

/// <summary>
/// Bridges the application's own telemetry to Application Insights, in both hosts, when it is configured
/// (<c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> set and a <see cref="TelemetryClient"/> registered by the host):
/// <list type="bullet">
/// <item>measurements of this host's <see cref="TelemetryNames.Meter"/> meters become custom metrics, pre-aggregated per
/// minute by <see cref="TelemetryClient.GetMetric(MetricIdentifier)"/> (one dimension per measurement tag);</item>
/// <item>activities of the <see cref="TelemetryNames.Meter"/> source (the queue jobs, started under the traceparent their
/// message carries) become request telemetry in that operation, so HTTP → queue → processing is one operation.</item>
/// </list>
/// </summary>
public sealed class ApplicationInsightsBridge(IServiceProvider services, IMeterFactory meters, IConfiguration configuration) : IHostedService, IDisposable
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private TelemetryClient? _client;
    private MeterListener? _meters;
    private ActivityListener? _activities;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]) || services.GetService<TelemetryClient>() is not { } client)
            return Task.CompletedTask;
        _client = client;

        _meters = new MeterListener
        {
            // Only this host's meters: another host in the same process (tests) has its own factory.
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TelemetryNames.Meter && ReferenceEquals(instrument.Meter.Scope, meters))
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();

        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Meter,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Track,
        };
        ActivitySource.AddActivityListener(_activities);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        DisposeListeners();
        if (_client is not null) await _client.FlushAsync(cancellationToken);
    }

    public void Dispose() => DisposeListeners();

    private void DisposeListeners()
    {
        _meters?.Dispose();
        _activities?.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var count = Math.Min(tags.Length, MetricIdentifier.MaxDimensionsCount);
        var pairs = new KeyValuePair<string, object?>[count];
        tags[..count].CopyTo(pairs);
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key)); // one metric identity whatever the tag order
        var metric = _client!.GetMetric(new MetricIdentifier(MetricIdentifier.DefaultMetricNamespace, instrument.Name, pairs.Select(p => p.Key).ToList()));
        if (metric.TryGetDataSeries(out var series, true, pairs.Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray()))
            series.TrackValue(value);
    }

    private void Track(Activity activity)
    {
        var succeeded = activity.Status != ActivityStatusCode.Error;
        OperationTelemetry telemetry = activity.Kind is ActivityKind.Consumer or ActivityKind.Server
            ? new RequestTelemetry { Name = activity.DisplayName, ResponseCode = succeeded ? "0" : "1", Success = succeeded }
            : new DependencyTelemetry { Name = activity.DisplayName, Type = "InProc", Success = succeeded };
        telemetry.Id = activity.SpanId.ToHexString();
        telemetry.Timestamp = activity.StartTimeUtc;
        telemetry.Duration = activity.Duration;
        telemetry.Context.Operation.Id = activity.TraceId.ToHexString();
        if (activity.ParentSpanId != default) telemetry.Context.Operation.ParentId = activity.ParentSpanId.ToHexString();
        foreach (var (key, value) in activity.Tags)
            if (value is not null) telemetry.Properties[key] = value;
        _client!.Track(telemetry);
    }
}
