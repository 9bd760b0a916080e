using Bedtime.DataRights.Erasure;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.DataRights;

public static class DataRightsServiceCollectionExtensions
{
    public static IServiceCollection AddDataRights(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DocumentStore<ErasureDocument>(sp.CosmosContainer(CosmosContainers.Expiring)));
        services.AddSingleton<AccountEraser>();
        services.AddSingleton<Erasures>();
        // Concrete for the Functions triggers; as IQueueHandler for the local runner's listeners.
        services.AddSingleton<ErasureJobHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<ErasureJobHandler>());
        services.AddSingleton<ErasurePoisonHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<ErasurePoisonHandler>());
        return services;
    }
}
