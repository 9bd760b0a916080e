using Azure.Core;
using Bedtime.Secrets;
using Bedtime.Tests.TestSupport;
using Bedtime.Uploads;
using Bedtime.Uploads.Analysis;
using Bedtime.Uploads.Analysis.AzureOpenAI;
using Bedtime.Uploads.Scanning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace Bedtime.Tests.Uploads;

/// <summary>Settings choose the malware scanner and the upload analyser; impossible combinations fail at start.</summary>
public sealed class UploadProvidersRegistrationTests
{
    [Theory]
    [InlineData(null, typeof(NoMalwareScanner))]
    [InlineData("None", typeof(NoMalwareScanner))]
    [InlineData("Defender", typeof(DefenderMalwareScanner))]
    [InlineData("ClamAV", typeof(ClamAVMalwareScanner))]
    public void The_scanner_follows_MalwareScanner_Provider(string? provider, Type expected)
    {
        using var services = Services(new() { ["MalwareScanner:Provider"] = provider });

        Assert.IsType(expected, services.GetRequiredService<IMalwareScanner>());
    }

    [Theory]
    [InlineData("Defender", "MalwareScanner:DefenderWait", "00:03:00")]
    [InlineData("ClamAV", "MalwareScanner:Timeout", "00:05:00")]
    public void A_scanner_limit_as_long_as_the_scan_step_is_refused(string provider, string setting, string value)
    {
        using var services = Services(new() { ["MalwareScanner:Provider"] = provider, [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MalwareScannerOptions>>().Value);
        Assert.Contains("Uploads:ScanTimeout", error.Message);
    }

    [Fact]
    public void The_defaults_fit_within_the_scan_step()
    {
        using var services = Services(new() { ["MalwareScanner:Provider"] = "Defender" });

        Assert.Equal(TimeSpan.FromMinutes(2), services.GetRequiredService<IOptions<MalwareScannerOptions>>().Value.DefenderWait);
    }

    [Fact]
    public void The_analyser_is_offline_unless_Azure_OpenAI_is_chosen_and_configured()
    {
        using var offline = Services([]);
        using var azure = Services(new()
        {
            ["UploadAnalyser:Provider"] = "AzureOpenAI", ["OpenAI:Endpoint"] = "https://r.openai.azure.com/", ["OpenAI:Deployment"] = "gpt",
        });
        using var unconfigured = Services(new() { ["UploadAnalyser:Provider"] = "AzureOpenAI" });

        Assert.IsType<OfflineUploadAnalyser>(offline.GetRequiredService<IUploadAnalyser>());
        Assert.IsType<AzureOpenAIUploadAnalyser>(azure.GetRequiredService<IUploadAnalyser>());
        var error = Assert.Throws<OptionsValidationException>(() => unconfigured.GetRequiredService<IOptions<UploadAnalyserOptions>>().Value);
        Assert.Contains("OpenAI:Endpoint", error.Message);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Mock.Of<ISecretVault>());
        services.AddSingleton<TokenCredential>(new StaticTokenCredential("t"));
        return services.AddUploads().BuildServiceProvider();
    }
}
