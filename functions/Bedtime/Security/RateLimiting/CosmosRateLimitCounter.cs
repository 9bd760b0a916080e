using System.Net;
using Bedtime.Platform;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Security.RateLimiting;

/// <summary>
/// Window counters as items of the short-lived container: an atomic patch increment per request, the item created
/// on the window's first request, and removed by TTL (counted from the last write) once its window is over.
/// </summary>
public sealed class CosmosRateLimitCounter(Container expiring) : IRateLimitCounter
{
    private static readonly PatchItemRequestOptions ReturnContent = new() { EnableContentResponseOnWrite = true };
    public async Task<ProviderResult<long>> IncrementAsync(FixedWindow window, int by, CancellationToken cancellationToken)
    {
        var partition = new PartitionKey(window.Partition);
        try
        {
            // Two rounds at most: an instance that loses the race to create the window increments the winner's item.
            for (var round = 0; round < 2; round++)
            {
                try
                {
                    var patched = await expiring.PatchItemAsync<WindowCount>(window.Id, partition, [PatchOperation.Increment("/count", by)], ReturnContent, cancellationToken);
                    return patched.Resource.Count;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    // The window's first request (or the container is missing: then the create below fails too).
                }
                try
                {
                    var item = new WindowCount(window.Id, window.Partition, "rate-limit", by, (int)window.Length.TotalSeconds);
                    await expiring.CreateItemAsync(item, partition, cancellationToken: cancellationToken);
                    return by;
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
                {
                }
            }
            return ProviderFailure.Retry("store_contended", "The rate-limit window could be neither created nor incremented.");
        }
        catch (CosmosException ex)
        {
            return ProviderFailure.Retry("store_unavailable", $"Cosmos DB answered {(int)ex.StatusCode}.");
        }
        catch (HttpRequestException)
        {
            return ProviderFailure.Retry("store_unreachable", "Cosmos DB could not be reached.");
        }
        catch (Azure.Identity.AuthenticationFailedException ex)
        {
            // No usable credential (no key, no identity): the store is as good as down; the limiter decides what follows.
            return ProviderFailure.Retry("store_unauthenticated", $"No credential for Cosmos DB ({ex.GetType().Name}).");
        }
    }

    private sealed record WindowCount(string Id, string OwnerId, string Kind, long Count, int Ttl);
}
