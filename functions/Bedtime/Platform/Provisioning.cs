using System.ComponentModel.DataAnnotations;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Bedtime.Http;
using Bedtime.Platform.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Platform;

public sealed class ProvisioningOptions
{
    public const string Section = "Provisioning";

    /// <summary>Create the database, containers and queues at start-up. Local only: in Azure, Bicep owns them.</summary>
    public bool CreateOnStart { get; set; }

    /// <summary>How long start-up waits for Cosmos DB and storage to answer: a local host starts its stand-ins and
    /// the app together, so they may still be coming up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan WaitForServices { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Creates the Cosmos database and containers, blob containers and queues the app uses, when asked to.</summary>
public sealed partial class Provisioning(
    CosmosClient cosmos, IOptions<CosmosOptions> cosmosOptions, BlobServiceClient blobs, QueueServiceClient queues,
    IOptions<ProvisioningOptions> options, IOptions<CorsOptions> cors, TimeProvider clock, ILogger<Provisioning> logger) : IHostedService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateOnStart) return;
        var deadline = clock.GetUtcNow() + options.Value.WaitForServices;
        for (var waiting = false; ; waiting = true)
        {
            try
            {
                await EnsureCreatedAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (DependencyFailures.IsOutage(ex) && clock.GetUtcNow() < deadline)
            {
                if (!waiting) LogWaiting(logger, options.Value.WaitForServices.TotalSeconds, ex.Message);
                await Task.Delay(RetryInterval, clock, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Database database = await cosmos.CreateDatabaseIfNotExistsAsync(cosmosOptions.Value.Database, cancellationToken: cancellationToken);
        // Independent of each other: made side by side, so a start waits for the slowest call, not for all of them in turn.
        await Task.WhenAll(
            Task.WhenAll(CosmosContainers.All.Select(name =>
            {
                var properties = new ContainerProperties(name, CosmosContainers.PartitionKeyPath);
                if (CosmosContainers.HasPerItemTtl(name)) properties.DefaultTimeToLive = -1; // TTL on, expiry set per item
                return database.CreateContainerIfNotExistsAsync(properties, cancellationToken: cancellationToken);
            })),
            Task.WhenAll(BlobContainers.All.Select(name => blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken))),
            Task.WhenAll(QueueNames.All.Select(name => queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken))),
            AllowBrowserOriginsAsync(cancellationToken));
        LogProvisioned(logger, cosmosOptions.Value.Database, CosmosContainers.All.Count, BlobContainers.All.Count, QueueNames.All.Count);
    }

    /// <summary>
    /// Blob CORS for the API's browser origins, the rule infra/app/storage.bicep sets in Azure (a test compares them):
    /// the web app PUTs large files to upload links and reads audio links from its own origin.
    /// </summary>
    public static BlobCorsRule BrowserRule(IEnumerable<string> origins) => new()
    {
        AllowedOrigins = string.Join(',', origins),
        AllowedMethods = "GET,HEAD,PUT,OPTIONS",
        AllowedHeaders = "content-type,content-length,x-ms-*",
        ExposedHeaders = "etag,content-length,content-type,x-ms-*",
        MaxAgeInSeconds = 3600,
    };

    private async Task AllowBrowserOriginsAsync(CancellationToken cancellationToken)
    {
        var origins = cors.Value.Origins();
        if (origins.Count == 0) return;
        BlobServiceProperties properties = await blobs.GetPropertiesAsync(cancellationToken);
        properties.Cors = [BrowserRule(origins.Order(StringComparer.Ordinal))];
        await blobs.SetPropertiesAsync(properties, cancellationToken);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Waiting up to {Seconds} s for Cosmos DB and storage to answer before provisioning ({Reason})")]
    private static partial void LogWaiting(ILogger logger, double seconds, string reason);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Provisioned database {Database}: {Containers} containers, {BlobContainers} blob containers, {Queues} queues")]
    private static partial void LogProvisioned(ILogger logger, string database, int containers, int blobContainers, int queues);
}
