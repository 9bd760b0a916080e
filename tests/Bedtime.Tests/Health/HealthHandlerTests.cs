using System.Diagnostics.Metrics;
using Bedtime.Health;
using Bedtime.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moq;

namespace Bedtime.Tests.Health;

public sealed class HealthHandlerTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<(long Value, string? Check)> _recorded = [];
    private readonly MeterListener _listener = new();

    public HealthHandlerTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's meters: other tests running alongside check health too.
            if (instrument.Name == TelemetryNames.HealthChecksFailed && ReferenceEquals(instrument.Meter.Scope, _services.GetRequiredService<IMeterFactory>()))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var check = tags.ToArray().FirstOrDefault(t => t.Key == "check").Value as string;
            lock (_recorded) _recorded.Add((value, check));
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private async Task<IResult> CheckAsync(params (string Name, HealthStatus Status)[] entries)
    {
        var report = new HealthReport(entries.ToDictionary(e => e.Name, e => new HealthReportEntry(e.Status, null, TimeSpan.FromMilliseconds(3), null, null)), TimeSpan.FromMilliseconds(5));
        var checks = new Mock<HealthCheckService>();
        checks.Setup(c => c.CheckHealthAsync(It.IsAny<Func<HealthCheckRegistration, bool>?>(), It.IsAny<CancellationToken>())).ReturnsAsync(report);
        var handler = new HealthHandler(checks.Object, new HealthMetrics(_services.GetRequiredService<IMeterFactory>()), TimeProvider.System, new AppInfo("1.0.0", TimeProvider.System.GetUtcNow()));
        return await handler.HandleAsync(new DefaultHttpContext(), CancellationToken.None);
    }

    [Fact]
    public async Task Each_unhealthy_dependency_is_counted_with_its_name_for_the_health_alert()
    {
        var result = await CheckAsync(("cosmos", HealthStatus.Unhealthy), ("blobs", HealthStatus.Healthy), ("narrator", HealthStatus.Degraded));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        Assert.Equal([(1L, "cosmos")], _recorded);
    }

    [Fact]
    public async Task A_healthy_or_degraded_service_counts_nothing()
    {
        await CheckAsync(("cosmos", HealthStatus.Healthy), ("narrator", HealthStatus.Degraded));

        Assert.Empty(_recorded);
    }
}
