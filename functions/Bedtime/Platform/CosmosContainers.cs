namespace Bedtime.Platform;

/// <summary>Cosmos DB containers; all partitioned by <see cref="PartitionKeyPath"/>.</summary>
public static class CosmosContainers
{
    public const string Stories = "stories";
    public const string Uploads = "uploads";
    /// <summary>Short-lived records (idempotency keys, rate-limit windows, locks); TTL on, per-item expiry.</summary>
    public const string Expiring = "expiring";
    public const string PartitionKeyPath = "/ownerId";

    public static readonly IReadOnlyList<string> All = [Stories, Uploads, Expiring];
}
