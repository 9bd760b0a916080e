using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Platform.Storage;
using Bedtime.Uploads.Inspection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Uploads;

/// <summary>
/// The content as it streamed past: size, SHA-256 and the inspector's verdict; either the staged blocks, or
/// <paramref name="Whole"/> when it was stored in one request (then it is a blob already, with no content type yet).
/// </summary>
public sealed record StreamedContent(long SizeBytes, string Sha256, InspectionVerdict Verdict, IReadOnlyList<string> BlockIds, bool Whole = false);

/// <summary>
/// Streams upload bodies to Blob storage while hashing and inspecting them, never holding a body in memory.
/// A body of declared length goes to storage in one Put Blob streamed straight from the request (as
/// <c>BlobClient.UploadAsync</c> itself does below 256 MB): no buffers, one request; it is kept only once
/// <see cref="CommitAsync"/> gives it its sniffed content type, and <see cref="DiscardAsync"/> deletes a rejected one
/// at once. A body of unknown length (chunked) is staged as blocks, at most <c>ParallelBlocks</c> of them in memory,
/// and nothing is visible until <see cref="CommitAsync"/>: one cut off, too large or rejected leaves no blob
/// (uncommitted blocks are discarded by the service).
/// </summary>
/// <param name="streamedBodies">Sends a body in one request as it arrives: as long as that takes, never retried.</param>
public sealed class UploadStreaming(
    BlobServiceClient blobs, [FromKeyedServices(StorageClients.StreamedBodies)] BlobServiceClient streamedBodies, IOptions<UploadOptions> options)
{
    // A transactional MD5 per block: storage verifies each block as it lands (Azurite, given none, computes a CRC64
    // in JavaScript instead, which made staged uploads several times slower than one Put Blob).
    private static readonly BlockBlobStageBlockOptions BlockOptions = new()
    {
        TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
    };

    // Create-only (never over an existing blob); no client-side checksum, which would need the body twice.
    private static readonly BlobUploadOptions WholeOptions = new()
    {
        Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
        TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.None },
    };

    private BlobContainerClient Container => blobs.GetBlobContainerClient(BlobContainers.Uploads);

    /// <param name="declaredLength">The request's Content-Length, when it has one (already checked against <paramref name="limit"/>).</param>
    public Task<Result<StreamedContent>> StageAsync(
        Stream body, string blobName, long? declaredLength, long limit, IUploadInspector inspector, CancellationToken cancellationToken) =>
        declaredLength is { } length && length <= limit
            ? UploadWholeAsync(body, blobName, length, inspector, cancellationToken)
            : StageBlocksAsync(body, blobName, limit, inspector, cancellationToken);

    private async Task<Result<StreamedContent>> UploadWholeAsync(
        Stream body, string blobName, long length, IUploadInspector inspector, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var passing = new InspectingStream(body, length, inspector, sha);
        try
        {
            await streamedBodies.GetBlobContainerClient(BlobContainers.Uploads).GetBlockBlobClient(blobName).UploadAsync(passing, WholeOptions, cancellationToken);
        }
        catch (Exception) when (passing.ReadFailure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure); // the client's, not storage's
        }
        catch (Exception) when (passing.EndedEarly)
        {
            return ApiError.BadRequest("The body's length does not match its Content-Length.");
        }
        return new StreamedContent(length, Convert.ToHexStringLower(sha.GetHashAndReset()), inspector.Complete(), [], Whole: true);
    }

    private async Task<Result<StreamedContent>> StageBlocksAsync(Stream body, string blobName, long limit, IUploadInspector inspector, CancellationToken cancellationToken)
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

    /// <summary>Keeps the content under its sniffed content type: commits the staged blocks, or labels the whole blob.</summary>
    public async Task CommitAsync(string blobName, StreamedContent content, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlockBlobClient(blobName);
        var headers = new BlobHttpHeaders { ContentType = content.Verdict.ContentType };
        if (content.Whole)
            await blob.SetHttpHeadersAsync(headers, cancellationToken: cancellationToken);
        else
            await blob.CommitBlockListAsync(content.BlockIds, new CommitBlockListOptions { HttpHeaders = headers }, cancellationToken);
    }

    /// <summary>Drops content that was refused: a whole blob is deleted; staged blocks are left for the service to discard.</summary>
    public Task DiscardAsync(string blobName, StreamedContent content, CancellationToken cancellationToken) =>
        content.Whole ? DeleteAsync(blobName, cancellationToken) : Task.CompletedTask;

    /// <summary>The size and ETag of a blob a client wrote through a session link, or null when there is none.</summary>
    public async Task<(long Size, Azure.ETag ETag)?> StagedAsync(string stagingName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await Container.GetBlobClient(stagingName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return (properties.ContentLength, properties.ETag);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies a staged blob, exactly as it was when its size was checked (pinned by its ETag, at most that many bytes
    /// read), to <paramref name="blobName"/>, which only the server writes, hashing and inspecting it on the way.
    /// Like <see cref="StageAsync"/>: <see cref="CommitAsync"/> keeps it, <see cref="DiscardAsync"/> drops it. A copy an
    /// earlier completion made before it was cut off (its record never said so) is read and checked again, not copied
    /// again: the staged blob cannot change, so it holds the same bytes.
    /// </summary>
    public async Task<Result<StreamedContent>> CopyStagedAsync(
        string stagingName, string blobName, long size, Azure.ETag etag, IUploadInspector inspector, CancellationToken cancellationToken)
    {
        var target = Container.GetBlobClient(blobName);
        if (await target.ExistsAsync(cancellationToken))
            return await ReadAgainAsync(target, size, inspector, cancellationToken);
        var pinned = new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } };
        var download = await Container.GetBlobClient(stagingName).DownloadStreamingAsync(pinned, cancellationToken);
        await using var source = download.Value.Content;
        return await UploadWholeAsync(source, blobName, size, inspector, cancellationToken);
    }

    /// <summary>What the inspector makes of a stored upload: for one received before inspections measured pictures and recordings.</summary>
    public async Task<InspectionVerdict> InspectStoredAsync(string blobName, long size, CancellationToken cancellationToken) =>
        (await ReadAgainAsync(Container.GetBlobClient(blobName), size, new UploadInspector(), cancellationToken)).Value!.Verdict;

    private static async Task<Result<StreamedContent>> ReadAgainAsync(BlobClient copy, long size, IUploadInspector inspector, CancellationToken cancellationToken)
    {
        var download = await copy.DownloadStreamingAsync(cancellationToken: cancellationToken);
        if (download.Value.Details.ContentLength != size) // only a create-only Put of exactly that many bytes writes it
            throw new InvalidOperationException($"The copy {copy.Name} holds {download.Value.Details.ContentLength} bytes, not {size}.");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var passing = new InspectingStream(download.Value.Content, size, inspector, sha);
        await passing.CopyToAsync(Stream.Null, cancellationToken);
        return new StreamedContent(size, Convert.ToHexStringLower(sha.GetHashAndReset()), inspector.Complete(), [], Whole: true);
    }

    /// <summary>Deletes the staged blobs (written through session links) created before <paramref name="cutoff"/>.</summary>
    public async Task<int> DeleteStagedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, UploadDocument.StagingPrefix, cancellationToken))
        {
            if (blob.Properties.CreatedOn is not { } created || created >= cutoff) continue;
            if (await Container.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)) deleted++;
        }
        return deleted;
    }

    /// <returns>false when there was no such blob.</returns>
    public async Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken) =>
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
            await blob.StageBlockAsync(id, content, BlockOptions, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
