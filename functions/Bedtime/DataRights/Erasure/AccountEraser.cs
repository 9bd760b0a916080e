using System.Net;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security.RateLimiting;
using Bedtime.Stories;
using Bedtime.Uploads;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Bedtime.DataRights.Erasure;

/// <summary>
/// Deletes everything one owner holds: each story with its audio, each upload with its file, then the owner's
/// short-lived records (idempotency keys, rate-limit windows), keeping only their <see cref="ErasureDocument"/>. Every
/// step deletes what it still finds, so a run after a crash goes on where the last one stopped; blobs go before the
/// document that names them, so nothing is ever left that no document points to.
/// </summary>
public sealed class AccountEraser(
    DocumentStore<StoryDocument> stories, DocumentStore<UploadDocument> uploads, StoryAudio audio, UploadStreaming files,
    DocumentStore<ErasureDocument> erasures, IOptions<RateLimitOptions> rateLimits)
{
    private Container Expiring => erasures.Container;

    private const int PageSize = 100;
    /// <summary>Stories or uploads erased at once: an account of a thousand stories goes in seconds, without a burst that throttles.</summary>
    private const int Concurrency = 8;
    /// <summary>Stories or uploads made while the erasure ran are found by another pass; beyond this, a later request erases them.</summary>
    private const int MaxPasses = 3;

    public async Task<ErasedCounts> EraseStoriesAndUploadsAsync(string ownerId, CancellationToken cancellationToken)
    {
        var total = ErasedCounts.None;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var erased = (await EraseStoriesAsync(ownerId, cancellationToken)).Plus(await EraseUploadsAsync(ownerId, cancellationToken));
            total = total.Plus(erased);
            if (erased.Stories + erased.Uploads == 0) break;
        }
        return total;
    }

    public async Task<ErasedCounts> EraseRecordsAsync(string ownerId, CancellationToken cancellationToken)
    {
        var records = await DeletePartitionAsync(ownerId, keep: ErasureDocument.DocumentId, cancellationToken);
        var subject = RateLimitSubject.ForOwner(ownerId);
        foreach (var (rule, _) in rateLimits.Value.All)
            records += await DeletePartitionAsync(FixedWindow.PartitionOf(rule, subject), keep: null, cancellationToken);
        return ErasedCounts.None with { Records = records };
    }

    private async Task<ErasedCounts> EraseStoriesAsync(string ownerId, CancellationToken cancellationToken)
    {
        var (count, blobs) = (0, 0);
        while (await stories.ListNewestFirstAsync(ownerId, PageSize, null, cancellationToken) is { Items.Count: > 0 } page)
            await Parallel.ForEachAsync(page.Items, Concurrently(cancellationToken), async (story, token) =>
            {
                Interlocked.Add(ref blobs, await audio.DeleteEveryBlobAsync(story.Id, token));
                if (await stories.DeleteAsync(ownerId, story.Id, token)) Interlocked.Increment(ref count);
            });
        return new ErasedCounts(count, 0, blobs, 0);
    }

    private async Task<ErasedCounts> EraseUploadsAsync(string ownerId, CancellationToken cancellationToken)
    {
        var (count, blobs) = (0, 0);
        while (await uploads.ListNewestFirstAsync(ownerId, PageSize, null, cancellationToken) is { Items.Count: > 0 } page)
            await Parallel.ForEachAsync(page.Items, Concurrently(cancellationToken), async (upload, token) =>
            {
                if (await files.DeleteAsync(upload.BlobName, token)) Interlocked.Increment(ref blobs);
                if (await files.DeleteAsync(upload.StagingBlobName, token)) Interlocked.Increment(ref blobs);
                if (await uploads.DeleteAsync(ownerId, upload.Id, token)) Interlocked.Increment(ref count);
            });
        return new ErasedCounts(0, count, blobs, 0);
    }

    private static ParallelOptions Concurrently(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };

    private async Task<int> DeletePartitionAsync(string partition, string? keep, CancellationToken cancellationToken)
    {
        var key = new PartitionKey(partition);
        var ids = new List<string>();
        using (var feed = Expiring.GetItemQueryIterator<string>(new QueryDefinition("SELECT VALUE c.id FROM c"), null,
            new QueryRequestOptions { PartitionKey = key, MaxItemCount = 1000 }))
            while (feed.HasMoreResults)
                ids.AddRange((await feed.ReadNextAsync(cancellationToken)).Where(id => id != keep));
        var deleted = 0;
        foreach (var id in ids)
        {
            using var response = await Expiring.DeleteItemStreamAsync(id, key, cancellationToken: cancellationToken);
            if (response.IsSuccessStatusCode) deleted++;
            else if (response.StatusCode != HttpStatusCode.NotFound) response.EnsureSuccessStatusCode();
        }
        return deleted;
    }
}
