using Bedtime.Functions;
using Bedtime.Platform;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
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
builder.Build().Run();
