using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Security.RateLimiting;

public static class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRateLimitCounter>(sp => new CosmosRateLimitCounter(sp.CosmosContainer(CosmosContainers.Expiring)));
        services.AddSingleton<RateLimitMetrics>();
        services.AddSingleton<SharedRateLimits>();
        services.AddSingleton<RateLimitGate>();
        return services;
    }
}
