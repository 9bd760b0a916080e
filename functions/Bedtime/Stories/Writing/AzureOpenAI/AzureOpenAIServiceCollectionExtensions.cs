using Bedtime.Platform.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bedtime.Stories.Writing.AzureOpenAI;

public static class AzureOpenAIServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OpenAIOptions"/> and <see cref="AzureOpenAIStoryWriter"/> (concrete singleton, and as the
    /// keyed <see cref="IStoryWriter"/> "azure-openai"). Choosing it as the <see cref="IStoryWriter"/> is the composition
    /// root's call, e.g. when <see cref="OpenAIOptions.IsConfigured"/>. Needs <c>ISecretVault</c> and <c>TokenCredential</c>.
    /// </summary>
    public static IServiceCollection AddAzureOpenAIStoryWriter(this IServiceCollection services)
    {
        services.AddOpenAIOptions();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AzureOpenAIStoryWriter>();
        services.TryAddKeyedSingleton<IStoryWriter>(AzureOpenAIStoryWriter.ProviderName, (sp, _) => sp.GetRequiredService<AzureOpenAIStoryWriter>());
        return services;
    }
}
