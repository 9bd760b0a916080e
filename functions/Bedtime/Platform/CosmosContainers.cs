namespace Bedtime.Platform;

/// <summary>Cosmos DB containers; all partitioned by <see cref="PartitionKeyPath"/>.</summary>
public static class CosmosContainers
{
    public const string Stories = "stories";
    public const string Uploads = "uploads";
    /// <summary>Short-lived records (idempotency keys, rate-limit windows, locks); TTL on, per-item expiry.</summary>
    public const string Expiring = "expiring";
    /// <summary>The append-only audit trail; TTL on, per-item expiry (the audit retention).</summary>
    public const string Audit = "audit";
    public const string PartitionKeyPath = "/ownerId";

    public static readonly IReadOnlyList<string> All = [Stories, Uploads, Expiring, Audit];

    /// <summary>Containers whose items each carry their own <c>ttl</c>.</summary>
    public static bool HasPerItemTtl(string name) => name is Expiring or Audit;
}
