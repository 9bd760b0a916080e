using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Jobs.Sweeping;

public static class SweepingServiceCollectionExtensions
{
    public static IServiceCollection AddSweeper(this IServiceCollection services)
    {
        services.AddSingleton<SweeperMetrics>();
        // Concrete for the Functions trigger; as ITimerJob for the local runner's scheduler.
        services.AddSingleton<Sweeper>().AddSingleton<ITimerJob>(sp => sp.GetRequiredService<Sweeper>());
        return services;
    }
}
