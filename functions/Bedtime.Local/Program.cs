using System.Diagnostics;
using Bedtime.Local.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

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
