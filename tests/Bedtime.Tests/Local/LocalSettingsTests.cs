using Bedtime.Local.Hosting;
using Microsoft.Extensions.Configuration;

namespace Bedtime.Tests.Local;

public sealed class LocalSettingsTests
{
    [Fact]
    public void Values_become_settings_with_double_underscores_as_sections_like_the_Functions_host()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { "IsEncrypted": false,
              "Values": { "AzureWebJobsStorage": "UseDevelopmentStorage=true", "Cosmos__Endpoint": "http://127.0.0.1:1/", "Http__MaxJsonBodyBytes": 2048 } }
            """);

        var configuration = new ConfigurationBuilder().AddLocalSettingsFile(path).Build();

        Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
        Assert.Equal("http://127.0.0.1:1/", configuration["Cosmos:Endpoint"]);
        Assert.Equal("2048", configuration["Http:MaxJsonBodyBytes"]);
        File.Delete(path);
    }

    [Fact]
    public void A_missing_file_adds_nothing()
    {
        var configuration = new ConfigurationBuilder().AddLocalSettingsFile("/nonexistent/local.settings.json").Build();

        Assert.Empty(configuration.AsEnumerable());
    }
}
