using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Platform.OpenAI;

public static class OpenAIServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="OpenAIOptions"/> once, however many features ask for it.</summary>
    public static IServiceCollection AddOpenAIOptions(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<OpenAIOptions>))) return services;
        services.AddOptions<OpenAIOptions>().BindConfiguration(OpenAIOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
