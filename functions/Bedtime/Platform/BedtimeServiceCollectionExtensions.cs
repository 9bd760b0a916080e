using System.Reflection;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Bedtime.Audit;
using Bedtime.Backups;
using Bedtime.DataRights;
using Bedtime.Health;
using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Jobs.Sweeping;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.Storage;
using Bedtime.Platform.Telemetry;
using Bedtime.Secrets;
using Bedtime.Secrets.Rotation;
using Bedtime.Security;
using Bedtime.Security.RateLimiting;
using Bedtime.Stories;
using Bedtime.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bedtime.Platform;

public static class BedtimeServiceCollectionExtensions
{
    /// <summary>The one composition root. Hosts call this and add only host-specific wiring.</summary>
    public static IServiceCollection AddBedtime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new AppInfo(
            typeof(BedtimeServiceCollectionExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
            TimeProvider.System.GetUtcNow()));

        AddValidatedOptions<HttpOptions>(services, HttpOptions.Section);
        AddValidatedOptions<CorsOptions>(services, CorsOptions.Section);
        AddValidatedOptions<CosmosOptions>(services, CosmosOptions.Section);
        AddValidatedOptions<ProvisioningOptions>(services, ProvisioningOptions.Section);
        AddValidatedOptions<KeyVaultOptions>(services, KeyVaultOptions.Section);
        AddValidatedOptions<LocalVaultOptions>(services, LocalVaultOptions.Section);
        AddValidatedOptions<HealthOptions>(services, HealthOptions.Section);
        AddValidatedOptions<AuthOptions>(services, AuthOptions.Section);
        AddValidatedOptions<StorageOptions>(services, StorageOptions.Section)
            .PostConfigure<IConfiguration>((o, config) => o.ConnectionString ??= config[StorageOptions.Section])
            .Validate(o => o.IsConfigured, "Set AzureWebJobsStorage to a connection string, or AzureWebJobsStorage__blobServiceUri and __queueServiceUri.");

        // Azure SDK clients: one per process.
        services.AddSingleton<TokenCredential>(sp => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = sp.GetRequiredService<IOptions<StorageOptions>>().Value.ClientId ?? configuration["AZURE_CLIENT_ID"],
        }));
        services.AddSingleton(sp => CosmosClientFactory.Create(sp.GetRequiredService<IOptions<CosmosOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton(sp => StorageClients.CreateBlobs(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton(sp => StorageClients.CreateQueues(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton<ISecretVault>(sp =>
        {
            var keyVault = sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value;
            return keyVault.VaultUri is { } uri
                ? new KeyVaultSecretVault(new SecretClient(uri, sp.GetRequiredService<TokenCredential>()))
                : new LocalFileSecretVault(sp.GetRequiredService<IOptions<LocalVaultOptions>>().Value.Path, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IJobQueue, StorageJobQueue>();
        AddValidatedOptions<JobsOptions>(services, JobsOptions.Section);
        services.AddSingleton<JobDeferral>();
        services.AddHostedService<Provisioning>();
        services.AddMetrics();
        services.AddStories();
        services.AddUploads();
        services.AddSecretRotation();
        services.AddSweeper();
        services.AddHostedService<ApplicationInsightsBridge>();
        services.AddBackups();
        services.AddDataRights();
        services.AddAudit();

        // HTTP: one pipeline, strict JSON, the handlers of the catalogue.
        services.AddSingleton<VaultKeyCache>();
        services.AddSingleton<Authenticator>();
        services.AddRateLimiting();
        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<JsonBody>();
        foreach (var endpoint in ApiCatalogue.Endpoints)
            services.AddScoped(endpoint.Handler);

        services.AddSingleton<NarratorHealthCheck>(); // caches whether the engine runs
        services.AddSingleton<HealthMetrics>();
        var timeout = configuration.GetSection(HealthOptions.Section).Get<HealthOptions>()?.CheckTimeout ?? new HealthOptions().CheckTimeout;
        services.AddHealthChecks()
            .AddCheck<CosmosHealthCheck>("cosmos", HealthStatus.Unhealthy, timeout: timeout)
            .AddCheck<BlobsHealthCheck>("blobs", HealthStatus.Unhealthy, timeout: timeout)
            .AddCheck<QueuesHealthCheck>("queues", HealthStatus.Unhealthy, timeout: timeout)
            .AddCheck<SecretVaultHealthCheck>("secrets", HealthStatus.Unhealthy, timeout: timeout)
            // Providers only degrade the service: stories still complete (offline writer, or without audio).
            .AddCheck<StoryWriterHealthCheck>("storyWriter", HealthStatus.Degraded, timeout: timeout)
            .AddCheck<NarratorHealthCheck>("narrator", HealthStatus.Degraded, timeout: timeout);
        return services;
    }

    private static OptionsBuilder<T> AddValidatedOptions<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
