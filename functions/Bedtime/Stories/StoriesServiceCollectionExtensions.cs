using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.OpenAI;
using Bedtime.Platform.Storage;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Safety;
using Bedtime.Stories.Writing;
using Bedtime.Stories.Writing.AzureOpenAI;
using Bedtime.Stories.Writing.Offline;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories;

public static class StoriesServiceCollectionExtensions
{
    public static IServiceCollection AddStories(this IServiceCollection services)
    {
        services.AddOptions<StoryOptions>().BindConfiguration(StoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StoryWriterOptions>().BindConfiguration(StoryWriterOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<OpenAIOptions>>((choice, openAI) => choice.Provider != StoryWriterProvider.AzureOpenAI || openAI.Value.IsConfigured,
                "StoryWriter:Provider is AzureOpenAI: set OpenAI:Endpoint and OpenAI:Deployment.")
            .ValidateOnStart();
        services.AddAzureOpenAIStoryWriter();
        services.AddSingleton<OfflineStoryWriter>();
        services.AddSingleton<IStoryWriter>(sp => sp.GetRequiredService<IOptions<StoryWriterOptions>>().Value.Provider == StoryWriterProvider.AzureOpenAI
            ? sp.GetRequiredService<AzureOpenAIStoryWriter>()
            : sp.GetRequiredService<OfflineStoryWriter>());
        services.AddNarrators();
        services.AddStorySafety();
        services.AddSingleton(sp => new DocumentStore<StoryDocument>(sp.CosmosContainer(CosmosContainers.Stories)));
        services.AddSingleton(sp => new DocumentStore<UploadMaterial>(sp.CosmosContainer(CosmosContainers.Uploads)));
        services.AddSingleton(sp => new IdempotencyStore(sp.CosmosContainer(CosmosContainers.Expiring), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<BlobLinks>();
        services.AddSingleton<StoryAudio>();
        services.AddSingleton<StoryMetrics>();
        services.AddSingleton<IStoryInspirations, UploadInspirations>();
        // Concrete for the Functions triggers; as IQueueHandler for the local runner's listeners.
        services.AddSingleton<StoryJobHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<StoryJobHandler>());
        services.AddSingleton<StoryPoisonHandler>().AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<StoryPoisonHandler>());
        return services;
    }

}
