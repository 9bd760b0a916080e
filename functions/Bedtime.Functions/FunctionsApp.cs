using Bedtime.Platform;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bedtime.Functions;

/// <summary>The Functions app's wiring: the worker with the ASP.NET Core integration, the shared pipeline as worker
/// middleware, Application Insights, and the application. Program.cs runs it; a test builds the same host from it.</summary>
public static class FunctionsApp
{
    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ApiPipelineMiddleware>();

        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        // The Application Insights SDK adds a rule that keeps only Warning and above; drop it so Information logs arrive.
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var warningOnly = options.Rules.FirstOrDefault(rule =>
                rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (warningOnly is not null) options.Rules.Remove(warningOnly);
        });

        builder.Services.AddBedtime(builder.Configuration);
        return builder;
    }
}
