using System.Reflection;
using Bedtime.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Platform;

/// <summary>
/// Builds the Functions app's real host from its own wiring (FunctionsApp, as Program.cs does), with the container's
/// strictest checks, and resolves what the worker resolves per invocation: every function class and the middleware.
/// </summary>
public sealed class FunctionsHostTests
{
    /// <summary>Settings shaped like the ones infra/main.bicep gives the app (endpoints only, managed identity).</summary>
    public static Dictionary<string, string?> AzureLikeSettings() => new()
    {
        ["AzureWebJobsStorage:blobServiceUri"] = "https://stbedtime.blob.core.windows.net/",
        ["AzureWebJobsStorage:queueServiceUri"] = "https://stbedtime.queue.core.windows.net/",
        ["AzureWebJobsStorage:credential"] = "managedidentity",
        ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        ["Cosmos:Endpoint"] = "https://cosmos-bedtime.documents.azure.com:443/",
        ["Cosmos:Database"] = "bedtime",
        ["KeyVault:VaultUri"] = "https://kv-bedtime.vault.azure.net/",
        ["BACKUP_SCHEDULE"] = "0 0 * * * *",
        ["SECRET_ROTATION_SCHEDULE"] = "0 30 2 * * *",
        ["SWEEPER_SCHEDULE"] = "0 */5 * * * *",
        ["Provisioning:CreateOnStart"] = "false",
    };

    private static IHost BuildHost(IDictionary<string, string?> settings, Action<IServiceCollection>? extra = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        FunctionsApp.Configure(builder);
        extra?.Invoke(builder.Services);
        return builder.Build();
    }

    private sealed class NeedsSomethingMissing(IDisposable missing)
    {
        public IDisposable Missing { get; } = missing;
    }

    [Fact]
    public void The_strict_build_really_checks_a_registration_that_cannot_be_resolved()
    {
        var failure = Assert.ThrowsAny<Exception>(() => BuildHost(AzureLikeSettings(), s => s.AddSingleton<NeedsSomethingMissing>()));

        Assert.Contains(nameof(NeedsSomethingMissing), failure.Message);
    }

    private static IEnumerable<Type> FunctionClasses() =>
        typeof(FunctionsApp).Assembly.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));

    [Fact]
    public void The_host_builds_with_every_registration_resolvable_and_no_scoped_service_captured_by_a_singleton()
    {
        using var host = BuildHost(AzureLikeSettings());

        Assert.NotNull(host.Services.GetService<IHostedService>());
    }

    [Fact]
    public void Every_function_class_and_the_pipeline_middleware_resolve_in_an_invocation_scope()
    {
        using var host = BuildHost(AzureLikeSettings());
        using var scope = host.Services.CreateScope();

        var classes = FunctionClasses().ToList();
        Assert.True(classes.Count >= 10, $"found only {classes.Count} function classes");
        foreach (var type in classes.Append(typeof(ApiPipelineMiddleware)))
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
    }

    /// <summary>Runs every validation the host runs at start (ValidateOnStart) with these settings; throws on a failure.</summary>
    internal static void ValidateAtStart(IDictionary<string, string?> settings)
    {
        using var host = BuildHost(settings);
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void The_options_validated_at_start_pass_with_the_settings_Azure_gives()
    {
        using var host = BuildHost(AzureLikeSettings());

        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void An_empty_required_setting_fails_the_start_up_validation()
    {
        var settings = AzureLikeSettings();
        settings["Auth:Audience"] = "";
        using var host = BuildHost(settings);

        var failure = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Audience", failure.ToString());
    }

    [Fact]
    public void The_worker_assemblies_come_from_one_release()
    {
        var versions = new[] { "Microsoft.Azure.Functions.Worker", "Microsoft.Azure.Functions.Worker.Core", "Microsoft.Azure.Functions.Worker.Grpc" }
            .Select(name => Assembly.Load(name).GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0])
            .Distinct().ToList();

        Assert.Single(versions);
    }
}
