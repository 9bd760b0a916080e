using Bedtime.Platform.ContentSafety;
using Bedtime.Security.PromptInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories.Safety;

public static class SafetyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorySafety"/>: the offline checker alone, or with Azure AI Content Safety (and its Prompt
    /// Shields unless turned off) when <c>ContentSafety:Endpoint</c> is set.
    /// </summary>
    public static IServiceCollection AddStorySafety(this IServiceCollection services)
    {
        services.AddContentSafety();
        services.AddSingleton(sp => new StorySafety(
            sp.GetRequiredService<IOptions<ContentSafetyOptions>>().Value.IsConfigured ? [new ContentSafetyChecker(sp.GetRequiredService<ContentSafetyClient>())] : [],
            sp.GetRequiredService<IPromptShield>(), sp.GetRequiredService<ILogger<StorySafety>>()));
        return services;
    }
}
