using System.Globalization;
using Bedtime.Http;
using Bedtime.Platform.Telemetry;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Local.Hosting;

/// <summary>
/// Application Insights for the local runner, only when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (empty = off):
/// a <see cref="TelemetryClient"/> for the application's bridge (metrics, queue jobs) and request telemetry for every
/// HTTP request, whose operation the queued jobs continue through the traceparent in their messages.
/// </summary>
public static class LocalTelemetry
{
    public static IServiceCollection AddLocalApplicationInsights(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ApplicationInsightsBridge.ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString)) return services;
        services.AddSingleton(_ =>
        {
            var telemetry = new TelemetryConfiguration { ConnectionString = connectionString };
            telemetry.TelemetryInitializers.Add(new OperationCorrelationTelemetryInitializer());
            return telemetry;
        });
        services.AddSingleton(sp => new TelemetryClient(sp.GetRequiredService<TelemetryConfiguration>()));
        return services;
    }

    /// <summary>Tracks each request as request telemetry named by its route template (e.g. <c>GET /api/stories/{id}</c>).</summary>
    public static void UseRequestTelemetry(this WebApplication app, IEnumerable<ApiEndpoint> endpoints)
    {
        if (app.Services.GetService<TelemetryClient>() is not { } client) return;
        var known = endpoints.ToList();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var route = ApiCatalogue.Match(known, request.Method, request.Path, new RouteValueDictionary(), out _)?.Path ?? request.Path.Value;
            using var operation = client.StartOperation<RequestTelemetry>($"{request.Method} {route}");
            // The path without the query string: continuation tokens and file names stay out of telemetry.
            operation.Telemetry.Url = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}");
            try
            {
                await next(context);
            }
            finally
            {
                operation.Telemetry.ResponseCode = context.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
                operation.Telemetry.Success = context.Response.StatusCode < StatusCodes.Status500InternalServerError;
            }
        });
    }
}
