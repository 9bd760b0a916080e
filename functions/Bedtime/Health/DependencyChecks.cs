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

/// <summary>Checks every blob container the app writes to exists.</summary>
public sealed class BlobsHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = new List<string>();
        foreach (var name in BlobContainers.All)
            if (!await blobs.GetBlobContainerClient(name).ExistsAsync(cancellationToken))
                missing.Add(name);
        return missing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"missing containers: {string.Join(", ", missing)}");
    }
}

/// <summary>Checks every queue exists, and reports messages waiting in poison queues (degraded: an operator should look).</summary>
public sealed class QueuesHealthCheck(QueueServiceClient queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = new List<string>();
        var poisoned = new List<string>();
        foreach (var name in QueueNames.All)
        {
            var queue = queues.GetQueueClient(name);
            if (!await queue.ExistsAsync(cancellationToken)) { missing.Add(name); continue; }
            if (!name.EndsWith(QueueNames.PoisonSuffix, StringComparison.Ordinal)) continue;
            var properties = await queue.GetPropertiesAsync(cancellationToken);
            if (properties.Value.ApproximateMessagesCount > 0)
                poisoned.Add($"{name}: {properties.Value.ApproximateMessagesCount}");
        }
        if (missing.Count > 0) return HealthCheckResult.Unhealthy($"missing queues: {string.Join(", ", missing)}");
        return poisoned.Count > 0
            ? HealthCheckResult.Degraded($"messages in poison queues ({string.Join("; ", poisoned)})")
            : HealthCheckResult.Healthy();
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
