using Bedtime.Http;
using Bedtime.Local.Security;
using Bedtime.Local.StandIns;
using Bedtime.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Local.Hosting;

/// <summary>
/// Builds the local runner: the application (<c>AddBedtime</c>) behind Kestrel with the shared pipeline, the queue
/// listeners and timers, and — unless settings point elsewhere — the local stand-ins.
/// </summary>
public sealed class LocalRunner : IAsyncDisposable
{
    private LocalRunner(WebApplication app, LocalStandIns? standIns) => (App, StandIns) = (app, standIns);

    public WebApplication App { get; }
    public LocalStandIns? StandIns { get; }

    /// <param name="overrides">Settings applied last (tests use them to point at shared stand-ins).</param>
    /// <param name="configureServices">Extra registrations after <c>AddBedtime</c> (tests add handlers or fakes).</param>
    public static async Task<LocalRunner> CreateAsync(
        string[] args, IReadOnlyDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Find();
        var builder = WebApplication.CreateBuilder(BuilderOptions(args, root));
        var configuration = builder.Configuration;
        var standIns = LocalSettingsAndStandIns(configuration, root, args, overrides, cancellationToken);

        builder.WebHost.UseUrls(configuration[LocalDefaults.UrlSetting] ?? LocalDefaults.DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddBedtime(configuration);
        builder.Services.AddLocalApplicationInsights(configuration);
        builder.Services.AddSingleton(HostJson.Load(Path.Combine(root, "host.json"), configuration));
        builder.Services.AddHostedService<JobsHost>();
        var devToken = new ApiEndpoint("DevelopmentToken", HttpMethods.Post, DevelopmentTokenHandler.Route, typeof(DevelopmentTokenHandler), EndpointAccess.Anonymous);
        builder.Services.AddSingleton(new HostEndpoint(devToken));
        builder.Services.AddScoped<DevelopmentTokenHandler>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var pipeline = app.Services.GetRequiredService<ApiPipeline>();
        app.UseRequestTelemetry(ApiCatalogue.Endpoints.Append(devToken));
        // The pipeline matches the route, runs the handler and executes its result, as in the Functions app.
        app.Run(async context => await pipeline.InvokeAsync(context, async c => await ApiEndpoint.DispatchAsync(c)));
        var runner = new LocalRunner(app, standIns);
        try
        {
            if (standIns is not null) await standIns.Ready;
            return runner;
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What both local hosts are built from. Configuration reload is off: <see cref="LocalSettingsAndStandIns"/>
    /// replaces the builder's settings files anyway, and watching them at the repository root watches every folder
    /// under it (node_modules included) — 0.3 to 0.9 s of each start, measured here.
    /// </summary>
    public static WebApplicationOptions BuilderOptions(string[] args, string root) =>
        new() { Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = root };

    /// <summary>
    /// The settings both local hosts run with, in order: embedded defaults, local.settings.json, environment, command
    /// line, overrides; then the stand-ins it launches (unless settings point elsewhere) with their connection settings.
    /// The stand-ins are still starting on return: await <see cref="LocalStandIns.Ready"/> before using them.
    /// </summary>
    public static LocalStandIns? LocalSettingsAndStandIns(
        ConfigurationManager configuration, string root, string[] args, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(LocalDefaults.Values)
            .AddLocalSettingsFile(Path.Combine(root, "functions", "Bedtime.Functions", "local.settings.json"))
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        if (overrides is not null) configuration.AddInMemoryCollection(overrides);

        var standIns = LaunchStandIns(configuration, root, cancellationToken);
        if (standIns is not null) configuration.AddInMemoryCollection(standIns.Settings());
        if (overrides is not null) configuration.AddInMemoryCollection(overrides);
        // Relative local paths are the repository's (.local/ as the README says), whatever the working directory.
        if (configuration[LocalDefaults.VaultPathSetting] is { Length: > 0 } vault && !Path.IsPathRooted(vault))
            configuration.AddInMemoryCollection([new(LocalDefaults.VaultPathSetting, Path.Combine(root, vault))]);
        return standIns;
    }

    /// <summary>Launches only the stand-ins whose connection settings do not point elsewhere.</summary>
    private static LocalStandIns? LaunchStandIns(IConfiguration configuration, string root, CancellationToken cancellationToken)
    {
        var storage = configuration["AzureWebJobsStorage"];
        var startStorage = string.Equals(storage, "UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(configuration["AzureWebJobsStorage:blobServiceUri"]);
        var startCosmos = string.IsNullOrEmpty(configuration["Cosmos:Endpoint"]);
        if (!startStorage && !startCosmos) return null;

        var dataDirectory = configuration["LocalRunner:DataDirectory"];
        var options = new StandInsOptions(
            StandInsOptions.FindToolsDirectory(root), startStorage, startCosmos,
            string.IsNullOrEmpty(dataDirectory) ? null : Path.Combine(root, dataDirectory));
        return LocalStandIns.Launch(options, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (StandIns is not null) await StandIns.DisposeAsync();
    }
}

public static class RepositoryRoot
{
    /// <summary>The folder holding Functions.sln and host.json, searched upwards from the working directory, then from the binaries.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "host.json")) && File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
                    return dir.FullName;
        throw new DirectoryNotFoundException("Run the local runner inside the Bedtime repository (Functions.sln and host.json were not found).");
    }
}
