using Bedtime.Platform;

namespace Bedtime.Local.Hosting;

/// <summary>The embedded defaults: everything the runner needs to work offline with no settings file at all.</summary>
public static class LocalDefaults
{
    public const string UrlSetting = "LocalRunner:Url";
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string VaultPathSetting = "LocalVault:Path";
    /// <summary>The Functions app the local Functions host runs (a directory); default: the published package.</summary>
    public const string FunctionsAppSetting = "LocalRunner:FunctionsApp";

    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        [UrlSetting] = DefaultUrl,
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["Cosmos:ConnectionMode"] = "Gateway",
        ["Cosmos:LimitToEndpoint"] = "true",
        ["Cosmos:Database"] = "bedtime",
        ["Provisioning:CreateOnStart"] = "true",
        [VaultPathSetting] = Path.Combine(".local", "vault.json"),
        ["LocalRunner:DataDirectory"] = ".local",
        [ScheduleSettings.Backup] = "0 0 * * * *",
        [ScheduleSettings.SecretRotation] = "0 30 2 * * *",
        [ScheduleSettings.Sweeper] = "0 */5 * * * *",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Azure"] = "Warning",
    };
}
