using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Platform.Cosmos;

public static class CosmosContainerLookup
{
    /// <summary>A container of the configured database, through the one <see cref="CosmosClient"/>.</summary>
    public static Container CosmosContainer(this IServiceProvider services, string name) =>
        services.GetRequiredService<CosmosClient>().GetContainer(services.GetRequiredService<IOptions<CosmosOptions>>().Value.Database, name);
}
