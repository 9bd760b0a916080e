using System.Diagnostics;
using Bedtime.Local.Commands;
using Bedtime.Local.FunctionsHost;
using Bedtime.Local.Hosting;
using Bedtime.Local.StandIns;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

if (args is ["standins", ..])
{
    await RunStandInsOnlyAsync();
    return;
}

if (args is ["restore", .. var restoreArgs])
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
    Environment.ExitCode = await RestoreCommand.RunAsync(restoreArgs, Console.Out, Console.Error, cancellationToken: cancel.Token);
    return;
}

if (args is ["functions-host", .. var hostArgs])
{
    await RunFunctionsHostAsync(hostArgs);
    return;
}

var started = Stopwatch.StartNew();
await using var runner = await LocalRunner.CreateAsync(args);
var standInsReady = started.Elapsed;
await runner.App.StartAsync();

var addresses = runner.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
Console.WriteLine($"Bedtime local runner ready in {started.Elapsed.TotalSeconds:0.00} s (stand-ins {standInsReady.TotalSeconds:0.00} s)");
foreach (var address in addresses)
    Console.WriteLine($"  API        {address}/api   (health: {address}/api/health)");
if (runner.StandIns is { } standIns)
{
    if (standIns.BlobEndpoint is not null) Console.WriteLine($"  Blobs      {standIns.BlobEndpoint} (Azurite)");
    if (standIns.QueueEndpoint is not null) Console.WriteLine($"  Queues     {standIns.QueueEndpoint} (Azurite)");
    if (standIns.CosmosEndpoint is not null) Console.WriteLine($"  Cosmos DB  {standIns.CosmosEndpoint} (stand-in)");
}
Console.WriteLine("Press Ctrl+C to stop.");
await runner.App.WaitForShutdownAsync();

// The real Functions worker behind the project's own Functions host (see FunctionsHost/).
static async Task RunFunctionsHostAsync(string[] args)
{
    var started = Stopwatch.StartNew();
    LocalFunctionsHost host;
    try
    {
        host = await LocalFunctionsHost.StartAsync(args);
    }
    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FileNotFoundException or WorkerGoneException)
    {
        // A bad argument, an app that is not built, a worker that stops at start (its output is above), Ctrl+C while
        // the functions load: one line.
        Console.Error.WriteLine($"Bedtime Functions host: {ex.Message}");
        Environment.ExitCode = 1;
        return;
    }
    catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                                 || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
    {
        Console.Error.WriteLine($"Bedtime Functions host: the port is already in use ({ex.Message}). Stop the other program or choose another with --port N.");
        Environment.ExitCode = 1;
        return;
    }
    await using var _ = host;
    Console.WriteLine($"Bedtime Functions host ready in {started.Elapsed.TotalSeconds:0.00} s (worker {host.WorkerStartup.TotalSeconds:0.00} s, pid {host.Worker!.Id})");
    Console.WriteLine($"  API        {host.ApiAddress.AbsoluteUri.TrimEnd('/')}/api   (health: {host.ApiAddress.AbsoluteUri.TrimEnd('/')}/api/health)");
    if (host.WebApp is { } web)
        Console.WriteLine(web.IsBuilt ? $"  Web app    {web.Origin}/   (from {Path.GetRelativePath(Environment.CurrentDirectory, web.Directory)})"
            : $"  Web app    not built: run 'npm run build' in web/ (./scripts/run does), then reload {web.Origin}/");
    if (host.StandIns is { } standIns)
    {
        if (standIns.BlobEndpoint is not null) Console.WriteLine($"  Blobs      {standIns.BlobEndpoint} (Azurite)");
        if (standIns.QueueEndpoint is not null) Console.WriteLine($"  Queues     {standIns.QueueEndpoint} (Azurite)");
        if (standIns.CosmosEndpoint is not null) Console.WriteLine($"  Cosmos DB  {standIns.CosmosEndpoint} (stand-in)");
    }
    Console.WriteLine($"  Functions  {host.Functions!.Http.Count} HTTP, {host.Functions.Queues.Count} queue, {host.Functions.Timers.Count} timer; refused: {host.Functions.Refused.Count}");
    Console.WriteLine("Press Ctrl+C to stop.");
    await host.App.WaitForShutdownAsync();
}

// For 'func start': run only the stand-ins and print the local.settings.json values that point at them.
static async Task RunStandInsOnlyAsync()
{
    var root = RepositoryRoot.Find();
    await using var standIns = await LocalStandIns.StartAsync(
        new StandInsOptions(StandInsOptions.FindToolsDirectory(root), StartStorage: true, StartCosmos: true, Path.Combine(root, ".local")),
        CancellationToken.None);
    Console.WriteLine("Stand-ins running. Put these in functions/Bedtime.Functions/local.settings.json \"Values\":");
    foreach (var (key, value) in standIns.Settings())
        Console.WriteLine($"  \"{key.Replace(":", "__", StringComparison.Ordinal)}\": \"{value}\",");
    Console.WriteLine("Press Ctrl+C to stop.");
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
    await stop.Task;
}
