using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Platform.Cosmos;

public sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation);

/// <summary>
/// Owner-scoped document access for one container: every read is a point read or a single-partition query with
/// the owner's id as partition key, so one owner can never reach another's documents. Writes after the first are
/// ETag-guarded: a lost race is reported (null/false), never silently overwritten.
/// </summary>
public sealed class DocumentStore<T>(Container container) where T : class
{
    public Container Container { get; } = container;

    /// <returns>false when a document with that id already exists.</returns>
    public async Task<bool> CreateAsync(T document, string ownerId, CancellationToken cancellationToken)
    {
        try
        {
            await Container.CreateItemAsync(document, new PartitionKey(ownerId), cancellationToken: cancellationToken);
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<T?> GetAsync(string ownerId, string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container.ReadItemAsync<T>(id, new PartitionKey(ownerId), cancellationToken: cancellationToken)).Resource;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <returns>The stored document, or null when it changed (or vanished) since <paramref name="etag"/> was read.</returns>
    public async Task<T?> ReplaceAsync(T document, string id, string ownerId, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Container.ReplaceItemAsync(document, id, new PartitionKey(ownerId),
                new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
            return response.Resource;
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <returns>false when it is gone already, or changed since <paramref name="etag"/> (when given) was read.</returns>
    public async Task<bool> DeleteAsync(string ownerId, string id, CancellationToken cancellationToken, string? etag = null)
    {
        try
        {
            await Container.DeleteItemAsync<T>(id, new PartitionKey(ownerId), new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>One page of the owner's documents, newest first. The continuation is opaque to clients (base64url).</summary>
    public async Task<Page<T>?> ListNewestFirstAsync(string ownerId, int limit, string? continuation, CancellationToken cancellationToken)
    {
        string? token = null;
        if (continuation is not null && (token = ContinuationToken.Decode(continuation)) is null)
            return null;
        var query = new QueryDefinition("SELECT * FROM c WHERE c.ownerId = @owner ORDER BY c.createdAt DESC").WithParameter("@owner", ownerId);
        try
        {
            using var iterator = Container.GetItemQueryIterator<T>(query, token,
                new QueryRequestOptions { PartitionKey = new PartitionKey(ownerId), MaxItemCount = limit });
            if (!iterator.HasMoreResults) return new Page<T>([], null);
            var page = await iterator.ReadNextAsync(cancellationToken);
            return new Page<T>(page.ToList(), page.ContinuationToken is null ? null : ContinuationToken.Encode(page.ContinuationToken));
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && continuation is not null)
        {
            return null; // a forged or stale continuation
        }
    }
}

/// <summary>A continuation as clients see it: opaque and URL-safe (base64url), whatever position it carries.</summary>
public static class ContinuationToken
{
    public static string Encode(string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <returns>null when the value is not one <see cref="Encode"/> made (or is too long to be).</returns>
    public static string? Decode(string value)
    {
        if (value.Length is 0 or > 4096) return null;
        var base64 = value.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}
