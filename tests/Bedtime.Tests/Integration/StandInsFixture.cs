using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Bedtime.Local.FunctionsHost;
using Bedtime.Local.Hosting;
using Bedtime.Local.StandIns;
using Bedtime.Tests.Platform;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Integration;

[CollectionDefinition(Name)]
public sealed class StandInsCollection : ICollectionFixture<StandInsFixture>
{
    public const string Name = "stand-ins";
}

/// <summary>
/// Azurite and the Cosmos DB stand-in, started once for the whole test run on free loopback ports and driven
/// through the official SDKs. Tests isolate themselves by unique names (databases, containers, queues).
/// </summary>
public sealed class StandInsFixture : IAsyncLifetime
{
    private LocalStandIns? _standIns;
    private CosmosClient? _cosmos;
    private readonly SemaphoreSlim _functionsHostGate = new(1, 1);
    private LocalFunctionsHost? _functionsHost;
    private LocalStandIns? _functionsHostStorage;
    private string? _functionsHostKey;

    /// <summary>The settings the real-worker host runs with (its database, its storage), once it has started.</summary>
    public IReadOnlyDictionary<string, string?> FunctionsHostSettings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The Azurite only the Functions host uses (tests may pause it: nothing else depends on it).</summary>
    public LocalStandIns FunctionsHostStorage => _functionsHostStorage ?? throw new InvalidOperationException("The Functions host has not been started.");

    /// <summary>The Functions host's request bound: short, so that a test of it is quick.</summary>
    public static readonly TimeSpan FunctionsHostRequestTimeout = TimeSpan.FromSeconds(5);

    public LocalStandIns StandIns => _standIns ?? throw new InvalidOperationException("Stand-ins not started.");
    public string StorageConnectionString => StandIns.StorageConnectionString!;
    public Uri CosmosEndpoint => StandIns.CosmosEndpoint!;
    public static string ToolsDirectory => StandInsOptions.FindToolsDirectory(AppContext.BaseDirectory);

    public async Task InitializeAsync()
    {
        _standIns = await LocalStandIns.StartAsync(new StandInsOptions(ToolsDirectory, StartStorage: true, StartCosmos: true, DataDirectory: null), CancellationToken.None);
        _cosmos = CreateCosmosClient();
    }

    public async Task DisposeAsync()
    {
        if (_functionsHost is not null) await _functionsHost.DisposeAsync();
        if (_functionsHostStorage is not null) await _functionsHostStorage.DisposeAsync();
        _cosmos?.Dispose();
        _appCosmos?.Dispose();
        if (_standIns is not null) await _standIns.DisposeAsync();
    }

    public static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 12, 40)].ToLowerInvariant();

    public CosmosClient CreateCosmosClient() => CreateCosmosClient(CosmosEndpoint);

    public static CosmosClient CreateCosmosClient(Uri endpoint) => new(endpoint.AbsoluteUri, LocalStandIns.CosmosKey, new CosmosClientOptions
    {
        ConnectionMode = ConnectionMode.Gateway,
        LimitToEndpoint = true,
        RequestTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>A new container (partition key /ownerId) in the shared test database.</summary>
    public async Task<Container> CreateFreshContainerAsync(string? namePrefix = null, int? defaultTtl = null)
    {
        Database database = await _cosmos!.CreateDatabaseIfNotExistsAsync("tests");
        var properties = new ContainerProperties(UniqueName(namePrefix ?? "c"), "/ownerId") { DefaultTimeToLive = defaultTtl };
        return (await database.CreateContainerAsync(properties)).Container;
    }

    /// <summary>A client with the application's own serializer (camelCase documents), as the app's stores use.</summary>
    public CosmosClient CreateAppCosmosClient() => Bedtime.Platform.Cosmos.CosmosClientFactory.Create(new Bedtime.Platform.Cosmos.CosmosOptions
    {
        Endpoint = CosmosEndpoint.AbsoluteUri, Key = LocalStandIns.CosmosKey, ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true,
    }, new Azure.Identity.DefaultAzureCredential());

    /// <summary>A fresh container (as <see cref="CreateFreshContainerAsync"/>) seen through the application's serializer.</summary>
    public async Task<Container> CreateFreshAppContainerAsync(string? namePrefix = null, int? defaultTtl = null)
    {
        var container = await CreateFreshContainerAsync(namePrefix, defaultTtl);
        _appCosmos ??= CreateAppCosmosClient();
        return _appCosmos.GetContainer(container.Database.Id, container.Id);
    }

    private CosmosClient? _appCosmos;

    public BlobServiceClient CreateBlobServiceClient() => new(StorageConnectionString);

    public QueueServiceClient CreateQueueServiceClient(QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        new(StorageConnectionString, new QueueClientOptions { MessageEncoding = encoding });

    /// <summary>Settings that point a runner at these stand-ins, with its own database and vault file.</summary>
    public Dictionary<string, string?> RunnerSettings(Uri? cosmosEndpoint = null) => new()
    {
        [LocalDefaults.UrlSetting] = "http://127.0.0.1:0",
        ["AzureWebJobsStorage"] = StorageConnectionString,
        ["Cosmos:Endpoint"] = (cosmosEndpoint ?? CosmosEndpoint).AbsoluteUri,
        ["Cosmos:Key"] = LocalStandIns.CosmosKey,
        ["Cosmos:ConnectionMode"] = "Gateway",
        ["Cosmos:LimitToEndpoint"] = "true",
        ["Cosmos:Database"] = UniqueName("db"),
        ["Provisioning:CreateOnStart"] = "true",
        ["LocalVault:Path"] = Path.Combine(Path.GetTempPath(), "bedtime-tests", Guid.NewGuid().ToString("N"), "vault.json"),
        // Rate limits out of the way of tests about other things (the rate-limit tests set their own); still counted.
        ["RateLimits:General:PermitLimit"] = "1000000",
        ["RateLimits:StoriesPerMinute:PermitLimit"] = "1000000",
        ["RateLimits:StoriesPerDay:PermitLimit"] = "1000000",
        ["RateLimits:Uploads:PermitLimit"] = "1000000",
    };

    /// <summary>
    /// The real Functions worker (the test build of Bedtime.Functions) behind the project's Functions host, started once
    /// for the whole run on first use, against the shared Cosmos stand-in and an Azurite of its own (it listens on the
    /// job queues for the whole run, and would otherwise take the messages of the runners other tests start), with one
    /// service API key in its vault.
    /// </summary>
    public async Task<(LocalFunctionsHost Host, string ApiKey)> FunctionsHostAsync()
    {
        await _functionsHostGate.WaitAsync();
        try
        {
            if (_functionsHost is null)
            {
                _functionsHostStorage = await LocalStandIns.StartAsync(new StandInsOptions(ToolsDirectory, StartStorage: true, StartCosmos: false, DataDirectory: null), CancellationToken.None);
                var settings = RunnerSettings();
                settings["AzureWebJobsStorage"] = _functionsHostStorage.StorageConnectionString;
                settings["Cors:AllowedOrigins"] = FunctionsHostOrigin;
                settings["Auth:DevelopmentTokens"] = "true";
                settings["Http:RequestTimeout"] = FunctionsHostRequestTimeout.ToString();
                // The key is in the vault before the worker's first request, so its key cache never misses it.
                _functionsHostKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                await new Bedtime.Secrets.LocalFileSecretVault(settings["LocalVault:Path"]!, TimeProvider.System)
                    .AddVersionAsync("api-key-material", _functionsHostKey, null, new Dictionary<string, string>(), CancellationToken.None);
                _functionsHost = await LocalFunctionsHost.StartAsync([], settings, FunctionsApp);
                FunctionsHostSettings = settings;
            }
            return (_functionsHost, _functionsHostKey!);
        }
        finally
        {
            _functionsHostGate.Release();
        }
    }

    public const string FunctionsHostOrigin = "https://app.example";

    /// <summary>The Functions app the tests run: the package azd deploys when ./scripts/test has published it, otherwise
    /// the build output beside the tests.</summary>
    public static string FunctionsApp { get; } =
        Environment.GetEnvironmentVariable(FunctionsPackageFactAttribute.Variable) is { Length: > 0 } package ? package
            : Path.Combine(RepositoryRoot.Find(), "functions", "Bedtime.Functions", "bin",
                Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!, "net10.0"); // bin/<configuration>/net10.0

    public Task<RunningApp> StartRunnerAsync(Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        var values = RunnerSettings();
        settings?.Invoke(values);
        return RunningApp.StartAsync(values, services);
    }
}
