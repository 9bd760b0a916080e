using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Uploads.Analysis;
using Bedtime.Uploads.Inspection;
using Bedtime.Uploads.Scanning;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Uploads;

public static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new DocumentStore<UploadDocument>(sp.GetRequiredService<CosmosClient>()
            .GetContainer(sp.GetRequiredService<IOptions<Platform.Cosmos.CosmosOptions>>().Value.Database, CosmosContainers.Uploads)));
        services.AddSingleton<UploadStreaming>();
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<UploadMetrics>();
        services.AddSingleton<Func<IUploadInspector>>(() => new UploadInspector());
        services.AddSingleton<IMalwareScanner, NoMalwareScanner>();
        services.AddSingleton<IUploadAnalyser, OfflineUploadAnalyser>();
        services.AddSingleton<UploadJobHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<UploadJobHandler>());
        services.AddSingleton<UploadPoisonHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<UploadPoisonHandler>());
        return services;
    }
}
