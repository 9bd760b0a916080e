using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Identity;
using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Local.FunctionsHost.Rpc;
using Bedtime.Local.Hosting;
using Bedtime.Local.Security;
using Bedtime.Local.StandIns;
using Bedtime.Local.WebApp;
using Bedtime.Platform.Storage;
using Bedtime.Platform;
using Bedtime.Secrets;
using Bedtime.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bedtime.Local.FunctionsHost;

/// <summary>
/// A small Azure Functions host of the project's own that runs the real, built <c>Bedtime.Functions</c> worker: it
/// starts the local stand-ins, serves the worker's gRPC event stream, starts the worker as the real host does, loads
/// the functions the worker reports (refusing those the real host refuses, with its message), serves their HTTP
/// triggers by forwarding to the worker, and runs their queue and timer triggers with the same listener and scheduler
/// as the in-process runner (host.json semantics), invoking the worker.
/// </summary>
public sealed partial class LocalFunctionsHost : IAsyncDisposable
{
    private readonly WorkerLink _worker;
    private readonly CancellationTokenSource _stopping = new();
    private Task _supervision = Task.CompletedTask;
    private readonly List<Task> _jobs = [];
    private readonly Dictionary<string, WorkerTimerFunction> _timers = new(StringComparer.Ordinal);

    private LocalFunctionsHost(WebApplication app, LocalStandIns? standIns, WorkerLink worker) => (App, StandIns, _worker) = (app, standIns, worker);

    public WebApplication App { get; }
    public LocalStandIns? StandIns { get; }
    public WorkerProcess? Worker { get; private set; }
    public FunctionTable? Functions { get; private set; }
    public Uri ApiAddress { get; private set; } = null!;
    /// <summary>The reference web app served on its own origin, unless turned off (<see cref="LocalWebApp.UrlSetting"/> empty).</summary>
    public LocalWebApp? WebApp { get; private init; }

    /// <summary>From starting the worker process to its functions being loaded.</summary>
    public TimeSpan WorkerStartup { get; private set; }

    /// <param name="appDirectory">The Functions app; default: the <see cref="LocalDefaults.FunctionsAppSetting"/> setting,
    /// else <see cref="PublishedApp"/>.</param>
    public static async Task<LocalFunctionsHost> StartAsync(
        string[] args, IReadOnlyDictionary<string, string?>? overrides = null, string? appDirectory = null, CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Find();
        args = PortArgument(args);
        var builder = WebApplication.CreateSlimBuilder(LocalRunner.BuilderOptions(args, root));
        // The stand-ins come up while the worker starts: their settings are known before they answer.
        var standIns = LocalRunner.LocalSettingsAndStandIns(builder.Configuration, root, args, overrides, cancellationToken);
        var configuration = builder.Configuration;
        var webApp = LocalWebApp.FromSettings(configuration, root);
        if (webApp is not null) configuration.AddInMemoryCollection([webApp.AllowedOriginsSetting(configuration)]);
        var api = new Uri(configuration[LocalDefaults.UrlSetting] ?? LocalDefaults.DefaultUrl);
        var apiAddress = LoopbackOrAddress(api.Host);
        appDirectory ??= configuration[LocalDefaults.FunctionsAppSetting] is { Length: > 0 } configured ? Path.GetFullPath(configured, root) : PublishedApp(root);
        try
        {
            if (!File.Exists(Path.Combine(appDirectory, "Bedtime.Functions.dll")))
                throw new FileNotFoundException($"The Functions app is not in {appDirectory}: run 'dotnet publish functions/Bedtime.Functions -c Release'.");
            EnsurePortFree(apiAddress, api.Port); // one clear error instead of the server's start-up failure and stack trace
            if (webApp is not null) EnsurePortFree(LoopbackOrAddress(webApp.Address.Host), webApp.Address.Port);
        }
        catch (IOException)
        {
            if (standIns is not null) await standIns.DisposeAsync();
            throw;
        }
        var rpcPort = FreeLoopbackPort();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // bodies stream to the worker, whose pipeline applies the limits
            kestrel.Listen(apiAddress, api.Port);
            if (webApp is not null) kestrel.Listen(LoopbackOrAddress(webApp.Address.Host), webApp.Address.Port);
            // The worker's gRPC client needs HTTP/2 without TLS; offering HTTP/1.1 too makes it fail (HTTP_1_1_REQUIRED).
            kestrel.Listen(IPAddress.Loopback, rpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        // The worker's stream ending at shutdown and every forwarded request are routine: keep them out of the log.
        builder.Logging.AddFilter("Grpc", LogLevel.Warning).AddFilter("Yarp", LogLevel.Warning);
        builder.Services.AddGrpc(grpc => { grpc.MaxReceiveMessageSize = null; grpc.MaxSendMessageSize = null; });
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<WorkerLink>();
        builder.Services.AddSingleton<HttpGateway>();
        AddDevelopmentTokens(builder.Services, configuration);

        var app = builder.Build();
        var gateway = app.Services.GetRequiredService<HttpGateway>();
        var developmentTokens = new PathString("/" + Routes.Prefix + "/" + DevelopmentTokenHandler.Route);
        var host = new LocalFunctionsHost(app, standIns, app.Services.GetRequiredService<WorkerLink>()) { WebApp = webApp };
        var workerStarting = Task.CompletedTask;
        try
        {
            var start = new WorkerStart(appDirectory, new Uri($"http://127.0.0.1:{rpcPort}/"), configuration, root, gateway);
            var hostJson = HostJson.Load(Path.Combine(root, "host.json"), configuration);
            // The worker needs over a second of its own start-up before it connects: it starts first, and the server
            // is set up and bound meanwhile.
            workerStarting = host.StartWorkerAsync(start, hostJson, host._worker.Current, cancellationToken);
            if (webApp is not null)
                app.MapWhen(context => context.Connection.LocalPort == webApp.Address.Port,
                    web => webApp.Map(web, () => host.ApiAddress, () => standIns?.BlobEndpoint, configuration.GetValue<bool>("Auth:DevelopmentTokens")));
            app.Use(async (context, next) =>
            {
                if (context.Connection.LocalPort == rpcPort) await next(context);
                else if (context.Request.Path.Equals(developmentTokens, StringComparison.OrdinalIgnoreCase)
                         && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)))
                    await context.RequestServices.GetRequiredService<DevelopmentTokenHandler>().HandleWithCorsAsync(context, context.RequestAborted);
                else await gateway.HandleAsync(context);
            });
            app.MapGrpcService<FunctionRpcService>();
            app.Lifetime.ApplicationStopping.Register(host.Stopping);
            await app.StartAsync(cancellationToken);
            using (var scope = app.Services.CreateScope())
                await scope.ServiceProvider.GetRequiredService<DevelopmentTokenHandler>().EnsureSigningKeyAsync(cancellationToken);
            host.ApiAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Select(address => new Uri(address)).First(address => address.Port != rpcPort);
            await Task.WhenAll(workerStarting, standIns?.Ready ?? Task.CompletedTask);
            host.StartTriggers(host.Functions!, hostJson, configuration);
            host._supervision = Task.Run(() => host.SuperviseAsync(start, hostJson), CancellationToken.None); // lives as long as the host
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            await workerStarting.ContinueWith(_ => { }, TaskScheduler.Default); // it fails once its worker is stopped
            throw;
        }
    }

    /// <summary>
    /// Where <c>dotnet publish functions/Bedtime.Functions -c Release</c> puts the app: the package <c>azd deploy</c>
    /// ships (ReadyToRun for linux-x64, see the project file), which also starts a second faster than the build output.
    /// </summary>
    public static string PublishedApp(string root) =>
        Path.Combine(root, "functions", "Bedtime.Functions", "bin", "Release", "net10.0", "linux-x64", "publish");

    /// <summary><c>--port N</c> as <c>func start</c> takes it, as the listen address setting; other arguments unchanged.</summary>
    public static string[] PortArgument(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var port = args[i] == "--port" && i + 1 < args.Length ? args[++i]
                : args[i].StartsWith("--port=", StringComparison.Ordinal) ? args[i]["--port=".Length..] : null;
            if (port is null) { result.Add(args[i]); continue; }
            if (!int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                throw new ArgumentException($"--port must be a port number from 1 to 65535, not '{port}'.");
            result.Add($"--{LocalDefaults.UrlSetting}=http://127.0.0.1:{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        return [.. result];
    }

    private sealed record WorkerStart(string AppDirectory, Uri RpcEndpoint, IConfiguration Configuration, string Root, HttpGateway Gateway);

    private ILogger Logger => _logger ??= App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bedtime.Local.FunctionsHost");
    private ILogger? _logger;

    /// <summary>
    /// Restarts a worker that exits or drops its stream, with back-off (1 s doubling to 30 s; reset after a minute of
    /// good health). Invocations in flight fail and their queue messages come back after their visibility timeout.
    /// </summary>
    private async Task SuperviseAsync(WorkerStart start, HostJson hostJson)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!_stopping.IsCancellationRequested)
        {
            var healthySince = Stopwatch.StartNew();
            var channel = _worker.Current;
            await Task.WhenAny(Worker!.Exited, channel.Ended, Task.Delay(Timeout.Infinite, _stopping.Token)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (_stopping.IsCancellationRequested) return;
            if (healthySince.Elapsed > TimeSpan.FromMinutes(1)) delay = TimeSpan.FromSeconds(1);
            LogRestarting(Logger, Worker.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "running, stream closed", delay.TotalSeconds);
            await Worker.DisposeAsync();
            try
            {
                await Task.Delay(delay, _stopping.Token);
                await StartWorkerAsync(start, hostJson, _worker.Replace(), _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or WorkerGoneException or IOException)
            {
                LogRestartFailed(Logger, ex.Message);
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    private async Task StartWorkerAsync(WorkerStart start, HostJson hostJson, WorkerChannel channel, CancellationToken cancellationToken)
    {
        var (appDirectory, rpcEndpoint, configuration, root, gateway) = start;
        var logger = Logger;
        var settings = configuration.AsEnumerable().Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value);
        var started = Stopwatch.StartNew();
        var workerId = Guid.NewGuid().ToString();
        Worker = await WorkerProcess.StartAsync(appDirectory, StandInsOptions.FindToolsDirectory(root), rpcEndpoint, workerId, settings, logger);

        var connected = await Task.WhenAny(channel.Started, Worker.Exited, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        if (connected != channel.Started)
            throw new InvalidOperationException(Worker.ExitCode is { } code
                ? $"The Functions worker exited with code {code} before it connected: a missing or invalid setting stops it at start (its output is above)."
                : "The Functions worker did not connect within 60 seconds.");

        var init = await channel.InitAsync(new WorkerInitRequest
        {
            HostVersion = "4.1000.0",
            WorkerDirectory = appDirectory,
            FunctionAppDirectory = appDirectory,
        }, cancellationToken);
        Require(init.Result, "initialise");
        if (!init.Capabilities.TryGetValue("HttpUri", out var httpUri))
            throw new InvalidOperationException("The worker did not offer the ASP.NET Core HTTP integration (no HttpUri capability).");

        var metadata = await channel.MetadataAsync(new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory }, cancellationToken);
        Require(metadata.Result, "index its functions");
        var functions = new FunctionTable(metadata.FunctionMetadataResults);
        foreach (var (function, reason) in functions.Refused)
            LogRefused(logger, function, reason);
        // Sent all at once, as the real host does; each answer is matched to its request by function id.
        var loads = functions.Loadable
            .Select(function => (Function: function, Response: channel.LoadAsync(new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function }, cancellationToken)))
            .ToList();
        foreach (var (function, response) in loads)
        {
            var loaded = await response;
            if (loaded.Result.Status != StatusResult.Types.Status.Success)
            {
                LogRefused(logger, function.Name, loaded.Result.Exception?.Message ?? loaded.Result.Result);
                continue;
            }
            functions.AddLoaded(function);
        }
        Functions = functions;
        WorkerStartup = started.Elapsed;
        _worker.Loaded(functions);
        gateway.Open(functions, new Uri(httpUri), RoutePrefix(root), hostJson.FunctionTimeout);
        LogLoaded(logger, functions.Http.Count, functions.Refused.Count, WorkerStartup.TotalSeconds);
    }

    /// <summary>Queue listeners and timers for the worker's functions, run as the in-process runner runs its handlers.</summary>
    private void StartTriggers(FunctionTable functions, HostJson hostJson, IConfiguration configuration)
    {
        foreach (var timer in functions.Timers)
            _timers[timer.Name] = new WorkerTimerFunction(_worker, timer.Name, timer.Schedule.Trim('%'), timer.BindingName, timer.Retry);
        var queues = functions.Queues.Select(q => new WorkerQueueFunction(_worker, q.Name, q.QueueName, q.BindingName));

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        storage.ConnectionString ??= configuration[StorageOptions.Section]; // as AddBedtime reads AzureWebJobsStorage
        _jobs.AddRange(JobsHost.Run(queues, _timers.Values, storage, new DefaultAzureCredential(), hostJson, configuration,
            TimeProvider.System, App.Services.GetRequiredService<ILoggerFactory>(), _stopping.Token));
    }

    /// <summary>Runs a timer function now, as the real host's admin endpoint does for non-HTTP functions.</summary>
    public Task RunTimerNowAsync(string function, CancellationToken cancellationToken) =>
        _timers[function].RunAsync(new TimerRun(TimeProvider.System.GetUtcNow(), IsPastDue: false), cancellationToken);

    /// <summary>
    /// The development token route (local only, off unless Auth:DevelopmentTokens) is the host's own, as in the
    /// in-process runner: the Functions app never has it. It signs with the key in the same local vault file the
    /// worker validates tokens against.
    /// </summary>
    private static void AddDevelopmentTokens(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section);
        services.AddOptions<CorsOptions>().BindConfiguration(CorsOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISecretVault>(_ => new LocalFileSecretVault(
            configuration[LocalDefaults.VaultPathSetting] ?? new LocalVaultOptions().Path, TimeProvider.System));
        services.AddSingleton<VaultKeyCache>();
        services.AddSingleton<JsonBody>();
        services.AddScoped<DevelopmentTokenHandler>();
    }

    private static void Require(StatusResult result, string what)
    {
        if (result.Status != StatusResult.Types.Status.Success)
            throw new InvalidOperationException($"The worker failed to {what}: {result.Exception?.Message ?? result.Result}");
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c>; the Functions default is <c>api</c>.</summary>
    private static string RoutePrefix(string root)
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "host.json")));
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? ""
            : "api";
    }

    private static void EnsurePortFree(IPAddress address, int port)
    {
        if (port == 0) return;
        try
        {
            using var probe = new TcpListener(address, port);
            probe.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new IOException($"{address}:{port}: address already in use", ex);
        }
    }

    private static IPAddress LoopbackOrAddress(string host) => host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Ctrl+C or shutdown: stop supervising first (the worker's stream is about to close, which is no crash), and ask
    /// the worker to end, so its stream — a request the server would otherwise wait 30 s for — closes at once.
    /// </summary>
    private void Stopping()
    {
        _stopping.Cancel();
        if (Worker is not null) _worker.Current.Terminate(TimeSpan.FromSeconds(5));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_jobs.Append(_supervision)).ContinueWith(_ => { }, TaskScheduler.Default); // in-flight messages go back to their queue
        if (Worker is not null)
        {
            _worker.Current.Terminate(TimeSpan.FromSeconds(5));
            await Task.WhenAny(Worker.Exited, Task.Delay(TimeSpan.FromSeconds(5)));
            await Worker.DisposeAsync();
        }
        await App.DisposeAsync();
        if (StandIns is not null) await StandIns.DisposeAsync();
    }

    [LoggerMessage(EventId = 9132, Level = LogLevel.Error, Message = "The Functions worker stopped (exit code {ExitCode}); restarting it in {Seconds} s")]
    private static partial void LogRestarting(ILogger logger, string exitCode, double seconds);

    [LoggerMessage(EventId = 9133, Level = LogLevel.Error, Message = "Restarting the Functions worker failed: {Reason}")]
    private static partial void LogRestartFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 9130, Level = LogLevel.Error, Message = "The function {Function} was not loaded: {Reason}")]
    private static partial void LogRefused(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = 9131, Level = LogLevel.Information, Message = "Worker ready in {Seconds:0.00} s: {HttpFunctions} HTTP functions loaded, {Refused} refused")]
    private static partial void LogLoaded(ILogger logger, int httpFunctions, int refused, double seconds);
}
