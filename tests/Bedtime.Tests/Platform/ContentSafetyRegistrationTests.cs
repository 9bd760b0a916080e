using Azure.Core;
using Bedtime.Platform.ContentSafety;
using Bedtime.Security.PromptInjection;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Platform;

/// <summary>Settings choose whether Prompt Shields guard the model; a bad endpoint fails at start.</summary>
public sealed class ContentSafetyRegistrationTests
{
    [Theory]
    [InlineData(null, null, typeof(NoPromptShield))]
    [InlineData("https://cs.cognitiveservices.azure.com/", null, typeof(ContentSafetyPromptShield))]
    [InlineData("https://cs.cognitiveservices.azure.com/", "false", typeof(NoPromptShield))]
    public void Prompt_shields_guard_the_model_when_Content_Safety_is_configured_unless_turned_off(string? endpoint, string? shields, Type expected)
    {
        using var services = Services(new() { ["ContentSafety:Endpoint"] = endpoint, ["ContentSafety:PromptShields"] = shields });

        Assert.IsType(expected, services.GetRequiredService<IPromptShield>());
    }

    [Fact]
    public void An_endpoint_that_is_not_https_is_refused_at_start()
    {
        using var services = Services(new() { ["ContentSafety:Endpoint"] = "http://cs.example/" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ContentSafetyOptions>>().Value);
        Assert.Contains("ContentSafety:Endpoint", error.Message);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        // Only the settings given: an unset one is absent, as in an app's configuration.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenCredential>(new StaticTokenCredential("t"));
        return services.AddContentSafety().BuildServiceProvider();
    }
}
