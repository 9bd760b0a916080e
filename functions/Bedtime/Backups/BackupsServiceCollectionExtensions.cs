using Bedtime.Jobs;
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
        services.AddSingleton<BackupRunner>();
        services.AddSingleton<BackupRestorer>();
        // Concrete for the Functions trigger; as ITimerJob for the local runner's scheduler.
        services.AddSingleton<BackupTimerJob>().AddSingleton<ITimerJob>(sp => sp.GetRequiredService<BackupTimerJob>());
        return services;
    }
}
