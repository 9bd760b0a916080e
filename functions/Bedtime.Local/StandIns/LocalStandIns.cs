using System.Text.RegularExpressions;

namespace Bedtime.Local.StandIns;

/// <summary>Where the stand-ins are, how to start them, and whether data survives a restart.</summary>
/// <param name="DataDirectory">Where stand-ins keep data across restarts; null keeps everything in memory.</param>
public sealed record StandInsOptions(string ToolsDirectory, bool StartStorage, bool StartCosmos, string? DataDirectory)
{
    public static string FindToolsDirectory(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "standins");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new DirectoryNotFoundException($"tools/standins was not found above {startDirectory}.");
    }
}

/// <summary>
/// Starts Azurite (blobs + queues) and the project's Cosmos DB stand-in on free loopback ports, and reports the
/// settings that point the app at them.
/// </summary>
public sealed partial class LocalStandIns : IAsyncDisposable
{
    /// <summary>Azurite's published development account (not a secret: it is the same for every Azurite).</summary>
    public const string AzuriteAccount = "devstoreaccount1";
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /// <summary>The Cosmos emulator's published key; the stand-in does not check it but the SDK needs one.</summary>
    public const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<StandInProcess> _processes = [];

    public Uri? BlobEndpoint { get; private set; }
    public Uri? QueueEndpoint { get; private set; }
    public Uri? CosmosEndpoint { get; private set; }
    public StandInProcess? Cosmos { get; private set; }

    public string? StorageConnectionString => BlobEndpoint is null || QueueEndpoint is null ? null : ConnectionString(BlobEndpoint, QueueEndpoint);

    public static string ConnectionString(Uri blob, Uri queue) =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteAccount};AccountKey={AzuriteKey};" +
        $"BlobEndpoint={blob.AbsoluteUri.TrimEnd('/')}/{AzuriteAccount};QueueEndpoint={queue.AbsoluteUri.TrimEnd('/')}/{AzuriteAccount};";

    /// <summary>Settings that point the app at the started stand-ins (same keys as local.settings.json).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        if (StorageConnectionString is { } storage)
            yield return new("AzureWebJobsStorage", storage);
        if (CosmosEndpoint is { } cosmos)
        {
            yield return new("Cosmos:Endpoint", cosmos.AbsoluteUri);
            yield return new("Cosmos:Key", CosmosKey);
            yield return new("Cosmos:ConnectionMode", "Gateway");
            yield return new("Cosmos:LimitToEndpoint", "true");
        }
    }

    /// <summary>Starts the stand-ins and waits until they answer.</summary>
    public static async Task<LocalStandIns> StartAsync(StandInsOptions options, CancellationToken cancellationToken)
    {
        var standIns = Launch(options, cancellationToken);
        try
        {
            await standIns.Ready;
            return standIns;
        }
        catch
        {
            await standIns.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the stand-ins on ports reserved now, without waiting: their endpoints and <see cref="Settings"/> are known
    /// at once, so a host can start the app while they come up. <see cref="Ready"/> completes when both answer.
    /// </summary>
    public static LocalStandIns Launch(StandInsOptions options, CancellationToken cancellationToken)
    {
        EnsureInstalled(options.ToolsDirectory);
        var standIns = new LocalStandIns();
        var ports = FreeLoopbackPorts((options.StartStorage ? 2 : 0) + (options.StartCosmos ? 1 : 0));
        var starts = new List<Task>();
        if (options.StartStorage)
        {
            standIns.BlobEndpoint = Loopback(ports[0]);
            standIns.QueueEndpoint = Loopback(ports[1]);
            starts.Add(standIns.StartAzuriteAsync(options, ports[0], ports[1], cancellationToken));
        }
        if (options.StartCosmos)
        {
            standIns.CosmosEndpoint = Loopback(ports[^1]);
            starts.Add(standIns.StartCosmosAsync(options.ToolsDirectory, ports[^1], cancellationToken,
                options.DataDirectory is null ? null : Path.Combine(options.DataDirectory, "cosmos.json")));
        }
        standIns.Ready = Task.WhenAll(starts);
        return standIns;
    }

    /// <summary>Completes when every stand-in started by <see cref="Launch"/> answers; faults if one fails to start.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/");

    /// <summary>Distinct free loopback ports (all held open together while choosing, so no two are the same).</summary>
    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>Starts (or restarts) the Cosmos stand-in; a fixed port lets a restarted one take the same address.</summary>
    /// <param name="dataFile">Where it keeps its data across restarts; null for memory only.</param>
    public async Task StartCosmosAsync(string toolsDirectory, int port, CancellationToken cancellationToken, string? dataFile = null)
    {
        List<string> arguments =
        [
            Path.Combine(toolsDirectory, "supervise.mjs"), "node", Path.Combine(toolsDirectory, "cosmos-standin.mjs"),
            "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        if (dataFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dataFile)!);
            arguments.AddRange(["--data", dataFile]);
        }
        var process = await StandInProcess.StartAsync("Cosmos DB stand-in", "node", arguments, toolsDirectory, [CosmosReady()], StartTimeout, cancellationToken);
        lock (_processes) _processes.Add(process);
        Cosmos = process;
        CosmosEndpoint = new Uri(process.Matches[0].Groups["url"].Value);
    }

    /// <summary>Stops the Cosmos stand-in (tests of outages).</summary>
    public async Task StopCosmosAsync()
    {
        if (Cosmos is null) return;
        lock (_processes) _processes.Remove(Cosmos);
        await Cosmos.DisposeAsync();
        Cosmos = null;
    }

    /// <summary>Stops Azurite (tests of outages); <see cref="StartAzuriteAsync"/> with the same ports brings it back.</summary>
    public async Task StopAzuriteAsync()
    {
        if (Azurite is null) return;
        lock (_processes) _processes.Remove(Azurite);
        await Azurite.DisposeAsync();
        Azurite = null;
    }

    public StandInProcess? Azurite { get; private set; }

    /// <summary>Starts (or restarts) Azurite; fixed ports let a restarted one take the same addresses.</summary>
    public async Task StartAzuriteAsync(StandInsOptions options, int blobPort, int queuePort, CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            Path.Combine(options.ToolsDirectory, "supervise.mjs"), "node", Path.Combine(options.ToolsDirectory, "azurite.mjs"),
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", "0", "--loose", "--skipApiVersionCheck", "--disableTelemetry",
        ];
        if (options.DataDirectory is { } data)
        {
            var location = Path.Combine(data, "azurite");
            Directory.CreateDirectory(location);
            arguments.AddRange(["--location", location]);
        }
        else
        {
            arguments.Add("--inMemoryPersistence");
        }
        var process = await StandInProcess.StartAsync("Azurite", "node", arguments, options.ToolsDirectory,
            [ServiceReady("Blob"), ServiceReady("Queue")], StartTimeout, cancellationToken);
        lock (_processes) _processes.Add(process);
        Azurite = process;
        BlobEndpoint = new Uri(process.Matches[0].Groups["url"].Value);
        QueueEndpoint = new Uri(process.Matches[1].Groups["url"].Value);
    }

    private static void EnsureInstalled(string toolsDirectory)
    {
        if (!Directory.Exists(Path.Combine(toolsDirectory, "node_modules", "azurite")) ||
            !Directory.Exists(Path.Combine(toolsDirectory, "node_modules", "@vercel", "cosmosdb-server")))
            throw new InvalidOperationException($"The stand-ins are not installed: run 'npm ci' in {toolsDirectory} (the README's commands do it).");
    }

    public async ValueTask DisposeAsync()
    {
        StandInProcess[] processes;
        lock (_processes) { processes = [.. _processes]; _processes.Clear(); }
        foreach (var process in processes) await process.DisposeAsync();
    }

    private static Regex ServiceReady(string service) =>
        new($"Azurite {service} service (?:is )?successfully listen(?:s|ing) (?:on|at) (?<url>http://\\S+)", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"cosmos-standin listening on (?<url>http://\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex CosmosReady();
}
