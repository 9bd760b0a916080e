using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.ContentSafety;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.OpenAI;
using Bedtime.Platform.Storage;
using Bedtime.Uploads.Analysis;
using Bedtime.Uploads.Analysis.AzureOpenAI;
using Bedtime.Uploads.Inspection;
using Bedtime.Uploads.Scanning;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Uploads;

public static class UploadsServiceCollectionExtensions
{
    /// <summary>A streamed body's request may outlast the receive timeout by this: its last bytes still go to storage.</summary>
    private static readonly TimeSpan StreamedBodyMargin = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new DocumentStore<UploadDocument>(sp.CosmosContainer(CosmosContainers.Uploads)));
        services.AddKeyedSingleton(StorageClients.StreamedBodies, (sp, _) => StorageClients.CreateBlobs(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<Azure.Core.TokenCredential>(),
            StorageClients.ForStreamedBodies(sp.GetRequiredService<IOptions<UploadOptions>>().Value.ReceiveTimeout + StreamedBodyMargin)));
        services.AddSingleton<UploadStreaming>();
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<UploadMetrics>();
        services.AddSingleton<Func<IUploadInspector>>(() => new UploadInspector());
        services.AddOptions<MalwareScannerOptions>().BindConfiguration(MalwareScannerOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<UploadOptions>>((scanner, uploads) => WithinScanTimeout(scanner, uploads.Value),
                "MalwareScanner:DefenderWait (Defender) or MalwareScanner:Timeout (ClamAV) must be shorter than Uploads:ScanTimeout.")
            .ValidateOnStart();
        services.AddSingleton<IMalwareScanner>(sp => sp.GetRequiredService<IOptions<MalwareScannerOptions>>().Value.Provider switch
        {
            MalwareScannerProvider.Defender => ActivatorUtilities.CreateInstance<DefenderMalwareScanner>(sp),
            MalwareScannerProvider.ClamAV => ActivatorUtilities.CreateInstance<ClamAVMalwareScanner>(sp),
            _ => new NoMalwareScanner(),
        });
        services.AddOpenAIOptions();
        services.AddContentSafety();
        services.AddOptions<UploadAnalyserOptions>().BindConfiguration(UploadAnalyserOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<OpenAIOptions>>((choice, openAI) => choice.Provider != UploadAnalyserProvider.AzureOpenAI || openAI.Value.IsConfigured,
                "UploadAnalyser:Provider is AzureOpenAI: set OpenAI:Endpoint and OpenAI:Deployment.")
            .ValidateOnStart();
        services.AddSingleton<IUploadAnalyser>(sp => sp.GetRequiredService<IOptions<UploadAnalyserOptions>>().Value.Provider == UploadAnalyserProvider.AzureOpenAI
            ? ActivatorUtilities.CreateInstance<AzureOpenAIUploadAnalyser>(sp)
            : new OfflineUploadAnalyser());
        services.AddSingleton<UploadJobHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<UploadJobHandler>());
        services.AddSingleton<UploadPoisonHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<UploadPoisonHandler>());
        return services;
    }

    private static bool WithinScanTimeout(MalwareScannerOptions scanner, UploadOptions uploads) => scanner.Provider switch
    {
        MalwareScannerProvider.Defender => scanner.DefenderWait < uploads.ScanTimeout,
        MalwareScannerProvider.ClamAV => scanner.Timeout < uploads.ScanTimeout,
        _ => true,
    };
}
