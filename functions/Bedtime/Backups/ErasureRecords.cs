using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Bedtime.Backups;

/// <summary>An erasure as the backups remember it: the owner's hash and when it was asked for and finished, nothing else.</summary>
public sealed record ErasureRecord(string OwnerHash, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt)
{
    /// <summary>Whether a backup that started then may hold documents this erasure removed (an unfinished one covers every backup).</summary>
    public bool Covers(DateTimeOffset backupStartedAt) => CompletedAt is not { } completed || backupStartedAt < completed;
}

/// <summary>
/// The erasure records, kept next to the backups they govern (blobs <c>erasures/{owner hash}</c> in the backups
/// container, the times in the blob's metadata): they survive the loss of the database a restore would refill, and
/// they are forgotten once no backup older than the erasure is left.
/// </summary>
public sealed class ErasureRecords(BlobServiceClient blobs, IOptions<BackupOptions> options)
{
    public const string Prefix = "erasures/";
    private const string RequestedKey = "requestedat", CompletedKey = "completedat";

    private BlobContainerClient Container => blobs.GetBlobContainerClient(options.Value.Container);

    public async Task RecordAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { [RequestedKey] = Format(record.RequestedAt) };
        if (record.CompletedAt is { } completed) metadata[CompletedKey] = Format(completed);
        await Container.GetBlobClient(Prefix + record.OwnerHash).UploadAsync(BinaryData.Empty,
            new BlobUploadOptions { Metadata = metadata }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, ErasureRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, ErasureRecord>(StringComparer.Ordinal);
        try
        {
            await foreach (var blob in Container.GetBlobsAsync(BlobTraits.Metadata, prefix: Prefix, cancellationToken: cancellationToken))
            {
                var hash = blob.Name[Prefix.Length..];
                if (!blob.Metadata.TryGetValue(RequestedKey, out var requested)) continue;
                records[hash] = new ErasureRecord(hash, Parse(requested),
                    blob.Metadata.TryGetValue(CompletedKey, out var completed) ? Parse(completed) : null);
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return records;
        }
        return records;
    }

    /// <summary>
    /// Forgets the erasures finished before <paramref name="cutoff"/> (the retention's, so a backup running when one
    /// finished is long listed) that no backup still held started before (<paramref name="oldestBackupStartedAt"/>,
    /// null when there are none).
    /// </summary>
    /// <returns>How many were forgotten.</returns>
    public async Task<int> ForgetAsync(DateTimeOffset cutoff, DateTimeOffset? oldestBackupStartedAt, CancellationToken cancellationToken)
    {
        var forgotten = 0;
        foreach (var record in (await ListAsync(cancellationToken)).Values)
        {
            if (record.CompletedAt is not { } completed || completed >= cutoff) continue;
            if (oldestBackupStartedAt is { } oldest && record.Covers(oldest)) continue;
            if (await Container.DeleteBlobIfExistsAsync(Prefix + record.OwnerHash, cancellationToken: cancellationToken)) forgotten++;
        }
        return forgotten;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
