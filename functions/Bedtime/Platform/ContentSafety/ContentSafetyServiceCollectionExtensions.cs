using Bedtime.Security.PromptInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Platform.ContentSafety;

public static class ContentSafetyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ContentSafetyOptions"/>, the <see cref="ContentSafetyClient"/> and the <see cref="IPromptShield"/>
    /// (Prompt Shields when <c>ContentSafety:Endpoint</c> is set and <c>ContentSafety:PromptShields</c> is on, else none),
    /// once, however many features ask. The client needs <c>TokenCredential</c> from the composition root.
    /// </summary>
    public static IServiceCollection AddContentSafety(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ContentSafetyClient))) return services;
        services.AddOptions<ContentSafetyOptions>().BindConfiguration(ContentSafetyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Timeouts are the resilience pipeline's job.
        services.AddHttpClient(ContentSafetyClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ContentSafetyClient>();
        services.AddSingleton<IPromptShield>(sp => sp.GetRequiredService<IOptions<ContentSafetyOptions>>().Value is { IsConfigured: true, PromptShields: true }
            ? new ContentSafetyPromptShield(sp.GetRequiredService<ContentSafetyClient>())
            : new NoPromptShield());
        return services;
    }
}
