using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Secrets.Rotation;

public static class SecretsServiceCollectionExtensions
{
    public static IServiceCollection AddSecretRotation(this IServiceCollection services)
    {
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section).ValidateDataAnnotations()
            .PostConfigure<IOptions<AuthOptions>>((secrets, auth) => secrets.Owned ??= [auth.Value.ApiKeySecret, auth.Value.DevelopmentSigningKeySecret])
            .Validate(o => o.Overlap < o.RotationPeriod, "Secrets:Overlap must be shorter than Secrets:RotationPeriod.")
            .ValidateOnStart();
        services.AddSingleton(sp => new LeaseLock(
            sp.CosmosContainer(CosmosContainers.Expiring),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SecretMetrics>();
        services.AddSingleton<SecretRotator>();
        // Concrete for the Functions trigger; as ITimerJob for the local runner's scheduler.
        services.AddSingleton<SecretRotationJob>().AddSingleton<ITimerJob>(sp => sp.GetRequiredService<SecretRotationJob>());
        return services;
    }
}
