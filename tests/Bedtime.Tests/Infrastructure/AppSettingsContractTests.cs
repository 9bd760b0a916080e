using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bedtime.Platform;
using Bedtime.Tests.Platform;

namespace Bedtime.Tests.Infrastructure;

/// <summary>
/// The contract between the app and the Bicep: every setting the app validates at start is set with a valid value
/// (or has a valid default), every setting the Bicep sets is read by something, and every setting the Functions
/// metadata names (schedules, connections) exists.
/// </summary>
public sealed partial class AppSettingsContractTests
{
    /// <summary>Settings read by the Functions host, the Azure SDKs or the Application Insights SDK, not by an options class.</summary>
    private static readonly string[] ReadOutsideOptions =
    [
        "AzureWebJobsStorage__credential", // the Functions host and its queue extension: managed identity
        "AzureWebJobsStorage__clientId",   // the same, and StorageOptions.ClientId
        "AZURE_CLIENT_ID",                 // DefaultAzureCredential picks the user-assigned identity
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", // the host's and worker's telemetry with Entra (local auth is off)
        ScheduleSettings.Backup, ScheduleSettings.SecretRotation, ScheduleSettings.Sweeper,
    ];

    /// <summary>What Azure returns for the outputs the settings take from other deployments.</summary>
    private static readonly Dictionary<string, string> SampleOutputs = new()
    {
        ["blobEndpoint"] = "https://stbedtime.blob.core.windows.net/",
        ["queueEndpoint"] = "https://stbedtime.queue.core.windows.net/",
        ["clientId"] = "00000000-0000-0000-0000-000000000001",
        ["endpoint"] = "https://cosmos-bedtime.documents.azure.com:443/",
        ["vaultUri"] = "https://kv-bedtime.vault.azure.net/",
        ["applicationInsightsConnectionString"] = "InstrumentationKey=00000000-0000-0000-0000-000000000002;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
        ["openAIEndpoint"] = "https://oai-bedtime.openai.azure.com/",
        ["speechEndpoint"] = "https://spch-bedtime.cognitiveservices.azure.com/",
        ["speechId"] = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/spch-bedtime",
        ["contentSafetyEndpoint"] = "https://cs-bedtime.cognitiveservices.azure.com/",
    };

    /// <summary>The outputs of the optional AI accounts are empty strings when they are not deployed (infra/app/ai.bicep).</summary>
    private static readonly string[] OptionalOutputs = ["openAIEndpoint", "speechEndpoint", "speechId", "contentSafetyEndpoint"];

    public static Dictionary<string, string?> AsConfiguration(IDictionary<string, object?> appSettings, bool aiDeployed) =>
        appSettings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), string? (s) => s.Value switch
        {
            Deferred d => Resolve(d.Text, aiDeployed),
            var v => ArmExpressions.Text(v),
        });

    /// <summary>Puts the sample output in place of each reference to another deployment's output.</summary>
    private static string Resolve(string deferred, bool aiDeployed)
    {
        var value = OutputReference().Replace(deferred.Contains('<', StringComparison.Ordinal) ? deferred : $"<{deferred}>", m =>
            !aiDeployed && OptionalOutputs.Contains(m.Groups[1].Value) ? ""
            : SampleOutputs.TryGetValue(m.Groups[1].Value, out var sample) ? sample
            : throw new InvalidOperationException($"no sample for the output {m.Groups[1].Value}"));
        return value.Contains('<', StringComparison.Ordinal) ? throw new InvalidOperationException($"cannot resolve {deferred}") : value;
    }

    [GeneratedRegex(@"<[^<>]*\.outputs\.(\w+)\.value>")]
    private static partial Regex OutputReference();

    private static IEnumerable<string> KeysReadByOptions() =>
        typeof(BedtimeServiceCollectionExtensions).Assembly.GetTypes()
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null && t.Type.Name.EndsWith("Options", StringComparison.Ordinal))
            .SelectMany(t => Keys(t.Section!, t.Type, depth: 0));

    private static IEnumerable<string> Keys(string prefix, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            yield return $"{prefix}__{property.Name}";
            var nested = property.PropertyType;
            if (depth < 2 && nested.IsClass && nested != typeof(string) && nested != typeof(Uri) && !nested.IsArray && nested.Namespace?.StartsWith("Bedtime", StringComparison.Ordinal) == true)
                foreach (var key in Keys($"{prefix}__{property.Name}", nested, depth + 1)) yield return key;
        }
    }

    public static TheoryData<string> Deployments() => new() { "defaults", "everything" };

    private static CompiledInfra Deployment(string name) => name == "defaults"
        ? CompiledInfra.Deploy()
        : CompiledInfra.Deploy(new Dictionary<string, object?> { ["deployOpenAI"] = true, ["deploySpeech"] = true, ["deployContentSafety"] = true, ["enableMalwareScanning"] = true });

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Every_setting_the_Bicep_sets_is_read_by_the_app_or_the_platform(string deployment)
    {
        var read = KeysReadByOptions().Concat(ReadOutsideOptions).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unread = Deployment(deployment).AppSettings.Keys.Where(key => !read.Contains(key)).ToList();

        Assert.True(unread.Count == 0, $"set by the Bicep but read by nothing: {string.Join(", ", unread)}");
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void The_settings_the_Bicep_deploys_pass_the_apps_start_up_validation(string deployment)
    {
        var settings = AsConfiguration(Deployment(deployment).AppSettings, aiDeployed: deployment != "defaults");

        FunctionsHostTests.ValidateAtStart(settings);
    }

    [Fact]
    public void An_empty_audience_cannot_be_deployed_and_the_default_one_is_valid()
    {
        var audience = CompiledInfra.Main["parameters"]!["authAudience"]!;

        Assert.Equal(1, (int)audience["minLength"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)audience["defaultValue"]));
    }

    [Fact]
    public void Every_schedule_and_connection_the_Functions_metadata_names_is_set_by_the_Bicep()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(FunctionsMetadataTests.MetadataPath));
        var bindings = metadata.RootElement.EnumerateArray().SelectMany(f => f.GetProperty("bindings").EnumerateArray()).ToList();
        var settings = CompiledInfra.Deploy().AppSettings;

        var schedules = bindings.Where(b => b.TryGetProperty("schedule", out _)).Select(b => b.GetProperty("schedule").GetString()!).ToList();
        Assert.NotEmpty(schedules);
        foreach (var schedule in schedules)
        {
            var name = SettingReference().Match(schedule).Groups[1].Value;
            Assert.True(settings.TryGetValue(name, out var value), $"{schedule} is not set");
            Assert.NotNull(NCrontab.CrontabSchedule.TryParse(ArmExpressions.Text(value), new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true }));
        }

        var connections = bindings.Where(b => b.TryGetProperty("connection", out _)).Select(b => b.GetProperty("connection").GetString()!).Distinct().ToList();
        Assert.NotEmpty(connections);
        foreach (var connection in connections)
            Assert.True(settings.ContainsKey(connection) || (settings.ContainsKey($"{connection}__queueServiceUri") && settings.ContainsKey($"{connection}__credential")),
                $"the connection {connection} has neither a connection string nor an identity-based setting");
    }

    [GeneratedRegex("^%([A-Za-z0-9_]+)%$")]
    private static partial Regex SettingReference();
}
