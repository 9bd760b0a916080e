using Bedtime.Backups.Operations;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Backups;

public static class BackupsServiceCollectionExtensions
{
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BackupStore>();
        services.AddSingleton<BackupMetrics>();
        services.AddSingleton<BackupVerifier>();
        services.AddSingleton<BackupRetention>();
        services.AddSingleton<ErasureRecords>();
        services.AddSingleton<BackupRunner>();
        services.AddSingleton<BackupRestorer>();
        services.AddSingleton(sp => new DocumentStore<BackupOperation>(sp.CosmosContainer(CosmosContainers.Expiring)));
        services.AddSingleton<BackupOperations>();
        // Concrete for the Functions triggers; as IQueueHandler for the local runner's listeners.
        services.AddSingleton<BackupOperationJobHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<BackupOperationJobHandler>());
        services.AddSingleton<BackupOperationPoisonHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<BackupOperationPoisonHandler>());
        // Concrete for the Functions trigger; as ITimerJob for the local runner's scheduler.
        services.AddSingleton<BackupTimerJob>().AddSingleton<ITimerJob>(sp => sp.GetRequiredService<BackupTimerJob>());
        return services;
    }
}
