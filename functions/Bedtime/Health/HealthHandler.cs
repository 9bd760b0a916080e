using System.Net.Http;
using Azure;
using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bedtime.Health;

/// <summary><c>GET /api/health</c>: every dependency checked under its own timeout; 503 when unhealthy. No secrets in the body.</summary>
public sealed class HealthHandler(HealthCheckService checks, HealthMetrics metrics, TimeProvider clock, AppInfo app) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(cancellationToken);
        foreach (var (name, entry) in report.Entries)
            if (entry.Status == HealthStatus.Unhealthy) metrics.Unhealthy(name);
        var body = new HealthBody(
            Name(report.Status),
            report.Entries.ToDictionary(e => e.Key, e => new CheckBody(Name(e.Value.Status), (long)e.Value.Duration.TotalMilliseconds, Detail(e.Value))),
            app.Version,
            (long)(clock.GetUtcNow() - app.StartedAt).TotalSeconds);
        var status = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return Results.Json(body, JsonDefaults.Options, statusCode: status);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    /// <summary>A short reason an operator can act on. Never the raw exception text: it may quote endpoints or keys.</summary>
    internal static string? Detail(HealthReportEntry entry) => entry.Exception switch
    {
        null => entry.Description,
        CosmosException e => $"Cosmos DB answered {(int)e.StatusCode} {e.StatusCode}",
        RequestFailedException e => $"storage or vault answered {e.Status} {e.ErrorCode}",
        HttpRequestException => "unreachable",
        OperationCanceledException or TimeoutException => "timed out",
        var e => e.GetType().Name,
    };

    internal sealed record HealthBody(string Status, Dictionary<string, CheckBody> Checks, string Version, long UptimeSeconds);
    internal sealed record CheckBody(string Status, long DurationMs, string? Detail);
}

/// <summary>What the app knows about itself: version and start time.</summary>
public sealed record AppInfo(string Version, DateTimeOffset StartedAt);
