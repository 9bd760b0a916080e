using System.Buffers;
using System.IO.Compression;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Backups;

/// <summary>
/// Streams one container to one blob: feed pages (raw bytes, <see cref="FeedPage"/>) → NDJSON → gzip → SHA-256 → staged
/// blocks. Memory holds two pages (the one being written and the next, fetched meanwhile), one block and the compressor's
/// window, however large the container.
/// </summary>
internal static class ContainerExport
{
    private const int BlockBytes = 4 * 1024 * 1024;

    public static async Task<ContainerBackup> ExportAsync(
        Container container, ContainerProperties properties, BlockBlobClient blob, int pageSize, CancellationToken cancellationToken)
    {
        var schemaVersions = new SchemaVersionTally();
        var page = new ArrayBufferWriter<byte>(64 * 1024);
        var lines = new ArrayBufferWriter<byte>(64 * 1024);
        long documents = 0, uncompressed = 0;

        var target = await blob.OpenWriteAsync(overwrite: true, new BlockBlobOpenWriteOptions
        {
            BufferSize = BlockBytes,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" },
        }, cancellationToken);
        using var hashing = new HashingStream(target);
        await using (var gzip = new GZipStream(hashing, CompressionLevel.Fastest, leaveOpen: true))
        {
            // The read feed is SELECT * FROM c across partitions without the query engine, and its pages are the server's bytes.
            using var feed = container.GetItemQueryStreamIterator((string?)null, null, new QueryRequestOptions { MaxItemCount = pageSize });
            var next = feed.HasMoreResults ? feed.ReadNextAsync(cancellationToken) : null;
            try
            {
                while (next is not null)
                {
                    using (var response = await next)
                    {
                        next = null;
                        response.EnsureSuccessStatusCode();
                        await ReadAllAsync(response.Content, page, cancellationToken);
                    }
                    // Fetch the next page while this one is compressed and uploaded.
                    next = feed.HasMoreResults ? feed.ReadNextAsync(cancellationToken) : null;
                    lines.ResetWrittenCount();
                    documents += FeedPage.CopyDocumentsAsLines(page.WrittenSpan, lines, schemaVersions);
                    uncompressed += lines.WrittenCount;
                    await gzip.WriteAsync(lines.WrittenMemory, cancellationToken);
                }
            }
            finally
            {
                if (next is not null) await DiscardAsync(next);
            }
        }
        var sha256 = hashing.Sha256();
        var bytes = hashing.Length64;
        // Only now commit the block list: a run that failed above leaves uncommitted blocks, never a truncated file.
        await target.DisposeAsync();

        return new ContainerBackup(container.Id, BackupStore.DataFile(container.Id), properties.PartitionKeyPath, properties.DefaultTimeToLive,
            documents, bytes, uncompressed, sha256, schemaVersions.Counts);
    }

    private static async Task ReadAllAsync(Stream? content, ArrayBufferWriter<byte> into, CancellationToken cancellationToken)
    {
        into.ResetWrittenCount();
        if (content is null) return;
        int read;
        while ((read = await content.ReadAsync(into.GetMemory(16 * 1024), cancellationToken)) > 0)
            into.Advance(read);
    }

    /// <summary>A prefetched page nobody will read: observe its outcome so a failure there is not left unobserved.</summary>
    private static async Task DiscardAsync(Task<ResponseMessage> pending)
    {
        try
        {
            (await pending).Dispose();
        }
        catch (Exception ex) when (ex is CosmosException or OperationCanceledException or HttpRequestException)
        {
        }
    }
}
