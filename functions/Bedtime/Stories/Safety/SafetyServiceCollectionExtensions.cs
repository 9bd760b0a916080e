using Bedtime.Platform.ContentSafety;
using Bedtime.Security.PromptInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories.Safety;

public static class SafetyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ContentSafetyOptions"/> and <see cref="StorySafety"/>: the offline checker alone, or with Azure AI
    /// Content Safety (and its Prompt Shields unless turned off) when <c>ContentSafety:Endpoint</c> is set. The client
    /// needs <c>TokenCredential</c> from the composition root.
    /// </summary>
    public static IServiceCollection AddStorySafety(this IServiceCollection services)
    {
        services.AddOptions<ContentSafetyOptions>().BindConfiguration(ContentSafetyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Timeouts are the resilience pipeline's job.
        services.AddHttpClient(ContentSafetyClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ContentSafetyClient>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ContentSafetyOptions>>().Value;
            var client = sp.GetRequiredService<ContentSafetyClient>();
            return new StorySafety(
                options.IsConfigured ? [new ContentSafetyChecker(client)] : [],
                options.IsConfigured && options.PromptShields ? [new ContentSafetyPromptShield(client)] : [],
                sp.GetRequiredService<ILogger<StorySafety>>());
        });
        return services;
    }
}
