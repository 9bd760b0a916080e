using System.Net;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Platform.Cosmos;

/// <summary>
/// A named lock shared by every instance: one document in the short-lived container, created when absent, taken
/// over (ETag-guarded) once its lease has run out, deleted on release. TTL tidies up after holders that crashed.
/// </summary>
public sealed class LeaseLock(Container expiring, TimeProvider clock)
{
    /// <summary>The partition of lock documents; user partitions are token subjects, which never start with '#'.</summary>
    public const string Partition = "#locks";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/> for a holder to release it; null when it stayed held.</summary>
    public async Task<LockLease?> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken)
    {
        for (var attempts = Math.Max(1, (int)(wait / PollInterval)); ; attempts--)
        {
            if (await TryAcquireAsync(name, lease, cancellationToken) is { } held) return held;
            if (attempts <= 1) return null;
            await Task.Delay(PollInterval, cancellationToken); // waiting on another process, not business time
        }
    }

    public async Task<LockLease?> TryAcquireAsync(string name, TimeSpan lease, CancellationToken cancellationToken)
    {
        var id = "lock-" + name;
        var now = clock.GetUtcNow();
        var record = new LockRecord(id, Partition, "lock", now + lease, (int)Math.Ceiling(lease.TotalSeconds) + 60);
        var key = new PartitionKey(Partition);
        try
        {
            var created = await expiring.CreateItemAsync(record, key, cancellationToken: cancellationToken);
            return new LockLease(expiring, id, created.ETag);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
        }

        try
        {
            var current = await expiring.ReadItemAsync<LockRecord>(id, key, cancellationToken: cancellationToken);
            if (current.Resource.ExpiresAt > now) return null;
            var taken = await expiring.ReplaceItemAsync(record, id, key, new ItemRequestOptions { IfMatchEtag = current.ETag }, cancellationToken);
            return new LockLease(expiring, id, taken.ETag);
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            return null; // released or taken over meanwhile: the caller tries again
        }
    }

    private sealed record LockRecord(string Id, string OwnerId, string Kind, DateTimeOffset ExpiresAt, int Ttl);
}

/// <summary>A held lock; disposing releases it unless its lease ran out and another holder took it over.</summary>
public sealed class LockLease(Container expiring, string id, string etag) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await expiring.DeleteItemAsync<object>(id, new PartitionKey(LeaseLock.Partition), new ItemRequestOptions { IfMatchEtag = etag });
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
        }
    }
}
