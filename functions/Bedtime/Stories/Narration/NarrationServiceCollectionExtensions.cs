using Bedtime.Stories.Narration.AzureSpeech;
using Bedtime.Stories.Narration.Espeak;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories.Narration;

public static class NarrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NarratorOptions"/>, <see cref="SpeechOptions"/>, the three narrators as concrete singletons,
    /// and <see cref="INarrator"/> as the one chosen by <see cref="NarratorOptions.Provider"/>. Azure AI Speech needs
    /// <c>ISecretVault</c> and <c>TokenCredential</c> from the composition root.
    /// </summary>
    public static IServiceCollection AddNarrators(this IServiceCollection services)
    {
        services.AddOptions<NarratorOptions>().BindConfiguration(NarratorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<NarratorOptions>>(
                (speech, narrator) => narrator.Value.Provider != NarratorProvider.AzureSpeech || speech.Endpoint is not null,
                "Set Speech:Endpoint (https://<name>.cognitiveservices.azure.com/) when Narrator:Provider is AzureSpeech.")
            .ValidateOnStart();

        // Timeouts are the resilience pipeline's job; the client's own 100 s limit would cut long chunks short.
        services.AddHttpClient(AzureSpeechNarrator.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EspeakNarrator>();
        services.TryAddSingleton<AzureSpeechNarrator>();
        services.TryAddSingleton<NoNarrator>();
        services.TryAddSingleton<INarrator>(sp => sp.GetRequiredService<IOptions<NarratorOptions>>().Value.Provider switch
        {
            NarratorProvider.AzureSpeech => sp.GetRequiredService<AzureSpeechNarrator>(),
            NarratorProvider.None => sp.GetRequiredService<NoNarrator>(),
            _ => sp.GetRequiredService<EspeakNarrator>(),
        });
        return services;
    }
}
