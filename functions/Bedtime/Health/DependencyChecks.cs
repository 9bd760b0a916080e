using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Bedtime.Platform;
using Bedtime.Secrets;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bedtime.Health;

/// <summary>Reads the database: proves the account answers, the database exists and we may read it.</summary>
public sealed class CosmosHealthCheck(CosmosClient client, IOptions<Platform.Cosmos.CosmosOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await client.GetDatabase(options.Value.Database).ReadAsync(cancellationToken: cancellationToken);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>Checks every blob container the app writes to exists (all at once: a health answer waits for the slowest).</summary>
public sealed class BlobsHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var found = await Task.WhenAll(BlobContainers.All.Select(async name =>
            (Name: name, Exists: (bool)await blobs.GetBlobContainerClient(name).ExistsAsync(cancellationToken))));
        var missing = found.Where(c => !c.Exists).Select(c => c.Name).ToList();
        return missing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"missing containers: {string.Join(", ", missing)}");
    }
}

/// <summary>
/// Checks every queue exists, and reports messages waiting in poison queues (degraded: an operator should look). One
/// request per queue, all at once: its properties prove it exists and say how many messages wait.
/// </summary>
public sealed class QueuesHealthCheck(QueueServiceClient queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probes = await Task.WhenAll(QueueNames.All.Select(name => WaitingAsync(queues.GetQueueClient(name), cancellationToken)));
        var missing = probes.Where(p => p.Waiting is null).Select(p => p.Name).ToList();
        if (missing.Count > 0) return HealthCheckResult.Unhealthy($"missing queues: {string.Join(", ", missing)}");
        var poisoned = probes.Where(p => p.Name.EndsWith(QueueNames.PoisonSuffix, StringComparison.Ordinal) && p.Waiting > 0)
            .Select(p => $"{p.Name}: {p.Waiting}").ToList();
        return poisoned.Count > 0
            ? HealthCheckResult.Degraded($"messages in poison queues ({string.Join("; ", poisoned)})")
            : HealthCheckResult.Healthy();
    }

    /// <summary>How many messages wait in the queue; null when it does not exist.</summary>
    private static async Task<(string Name, int? Waiting)> WaitingAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (queue.Name, (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (queue.Name, null);
        }
    }
}

public sealed class SecretVaultHealthCheck(ISecretVault vault) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await vault.CheckAccessAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
