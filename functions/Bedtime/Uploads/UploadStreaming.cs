using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Uploads.Inspection;
using Microsoft.Extensions.Options;

namespace Bedtime.Uploads;

/// <summary>The content as it streamed past: size, SHA-256 and the inspector's verdict, plus the staged blocks.</summary>
public sealed record StreamedContent(long SizeBytes, string Sha256, InspectionVerdict Verdict, IReadOnlyList<string> BlockIds);

/// <summary>
/// Streams upload bodies to Blob storage as staged blocks while hashing and inspecting them; never holds more than
/// <c>ParallelBlocks</c> blocks in memory. Nothing is visible in storage until <see cref="CommitAsync"/>: an upload cut
/// off, too large or rejected leaves no blob (uncommitted blocks are discarded by the service).
/// </summary>
public sealed class UploadStreaming(BlobServiceClient blobs, IOptions<UploadOptions> options)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(BlobContainers.Uploads);

    public async Task<Result<StreamedContent>> StageAsync(Stream body, string blobName, long limit, IUploadInspector inspector, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlockBlobClient(blobName);
        var blockSize = options.Value.BlockBytes;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var blockIds = new List<string>();
        var staging = new List<Task>();
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        var filled = 0;
        long total = 0;
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(buffer.AsMemory(filled, blockSize - filled), cancellationToken);
                if (read == 0) break;
                total += read;
                if (total > limit) return ApiError.PayloadTooLarge(limit);
                var fresh = buffer.AsSpan(filled, read);
                inspector.Append(fresh);
                sha.AppendData(fresh);
                filled += read;
                if (filled < blockSize) continue;

                staging.Add(StageBlockAsync(blob, blockIds, buffer, filled, cancellationToken));
                buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                filled = 0;
                if (staging.Count >= options.Value.ParallelBlocks)
                    staging.Remove(await Task.WhenAny(staging));
            }
            if (filled > 0)
            {
                staging.Add(StageBlockAsync(blob, blockIds, buffer, filled, cancellationToken));
                buffer = null;
            }
            await Task.WhenAll(staging);
            return new StreamedContent(total, Convert.ToHexStringLower(sha.GetHashAndReset()), inspector.Complete(), blockIds);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            await Task.WhenAll(staging).ContinueWith(_ => { }, TaskScheduler.Default); // never leave a block write running
        }
    }

    /// <summary>Makes the staged blocks the blob's content, with the sniffed content type.</summary>
    public async Task CommitAsync(string blobName, IReadOnlyList<string> blockIds, string contentType, CancellationToken cancellationToken) =>
        await Container.GetBlockBlobClient(blobName).CommitBlockListAsync(blockIds,
            new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);

    /// <summary>Reads an existing blob back through an inspector and the hash (upload sessions).</summary>
    public async Task<(long Size, string Sha256, InspectionVerdict Verdict)> InspectAsync(string blobName, IUploadInspector inspector, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        long total = 0;
        try
        {
            await using var content = await Container.GetBlobClient(blobName).OpenReadAsync(cancellationToken: cancellationToken);
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                inspector.Append(buffer.AsSpan(0, read));
                sha.AppendData(buffer.AsSpan(0, read));
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (total, Convert.ToHexStringLower(sha.GetHashAndReset()), inspector.Complete());
    }

    public async Task DeleteAsync(string blobName, CancellationToken cancellationToken) =>
        await Container.DeleteBlobIfExistsAsync(blobName, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

    private static async Task StageBlockAsync(BlockBlobClient blob, List<string> blockIds, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        string id;
        lock (blockIds)
        {
            // Block ids must all have the same length; the index keeps them in order.
            id = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)));
            blockIds.Add(id);
        }
        try
        {
            using var content = new MemoryStream(buffer, 0, length, writable: false);
            await blob.StageBlockAsync(id, content, cancellationToken: cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
