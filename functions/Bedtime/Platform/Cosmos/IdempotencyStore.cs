using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Platform.Cosmos;

public enum IdempotencyOutcome { New, Replay, Conflict }

public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, string ResourceId);

/// <summary>
/// Idempotency keys in the short-lived container: the first request with a key claims it for a resource id; a later
/// request with the same key and the same body replays that id; with another body it conflicts. Keys expire by TTL.
/// </summary>
public sealed class IdempotencyStore(Container expiring, TimeProvider clock)
{
    public async Task<IdempotencyClaim> ClaimAsync(
        string ownerId, string scope, string key, string requestHash, string resourceId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var id = "idem-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{key}")));
        var record = new IdempotencyRecord(id, ownerId, "idempotency", requestHash, resourceId, clock.GetUtcNow(), (int)lifetime.TotalSeconds);
        try
        {
            await expiring.CreateItemAsync(record, new PartitionKey(ownerId), cancellationToken: cancellationToken);
            return new IdempotencyClaim(IdempotencyOutcome.New, resourceId);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = (await expiring.ReadItemAsync<IdempotencyRecord>(id, new PartitionKey(ownerId), cancellationToken: cancellationToken)).Resource;
            return existing.RequestHash == requestHash
                ? new IdempotencyClaim(IdempotencyOutcome.Replay, existing.ResourceId)
                : new IdempotencyClaim(IdempotencyOutcome.Conflict, existing.ResourceId);
        }
    }

    public static string HashOf(ReadOnlySpan<byte> canonicalBody) => Convert.ToHexStringLower(SHA256.HashData(canonicalBody));

    private sealed record IdempotencyRecord(string Id, string OwnerId, string Kind, string RequestHash, string ResourceId, DateTimeOffset CreatedAt, int Ttl);
}
