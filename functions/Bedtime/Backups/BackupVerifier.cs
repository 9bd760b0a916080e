using System.Buffers;
using System.IO.Compression;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace Bedtime.Backups;

public sealed record FileVerification(string Container, bool Verified, long Documents, long Bytes, string Sha256, string? Reason);

public sealed record BackupVerification(string BackupId, bool Verified, DateTimeOffset VerifiedAt, string? Reason, IReadOnlyList<FileVerification> Containers);

/// <summary>
/// Reads every file of a backup back from Blob storage and checks it against the manifest: size, SHA-256, that it
/// decompresses, and its document count. Records the outcome in the manifest; a failure is logged and counted.
/// </summary>
public sealed partial class BackupVerifier(BackupStore store, BackupMetrics metrics, TimeProvider clock, ILogger<BackupVerifier> logger)
{
    private const int ReadBlockBytes = 4 * 1024 * 1024;

    /// <returns>The manifest as recorded and the verification; null when the backup does not exist.</returns>
    public async Task<(BackupManifest Manifest, BackupVerification Verification)?> VerifyAndRecordAsync(BackupId id, CancellationToken cancellationToken)
    {
        for (var race = 0; race < 3; race++)
        {
            if (await store.ReadManifestAsync(id, cancellationToken) is not { } stored) return null;
            var verification = await VerifyAsync(stored.Manifest, cancellationToken);
            var recorded = stored.Manifest with
            {
                Verified = verification.Verified, VerifiedAt = verification.VerifiedAt, VerificationError = verification.Reason,
            };
            if (await store.WriteManifestAsync(recorded, stored.ETag, cancellationToken) is null) continue; // changed meanwhile: verify again
            if (!verification.Verified)
            {
                metrics.Failed("verification");
                LogVerificationFailed(logger, id.Value, verification.Reason!);
            }
            return (recorded, verification);
        }
        throw new InvalidOperationException($"The manifest of backup {id} kept changing during verification.");
    }

    private async Task<BackupVerification> VerifyAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        if (!BackupId.TryParse(manifest.Id, out var id))
            return new BackupVerification(manifest.Id, false, clock.GetUtcNow(), "The manifest's id is not a backup id.", []);
        var files = new List<FileVerification>();
        foreach (var container in manifest.Containers)
            files.Add(await VerifyFileAsync(id, container, cancellationToken));
        var failed = files.FirstOrDefault(f => !f.Verified);
        return new BackupVerification(manifest.Id, failed is null, clock.GetUtcNow(), failed is null ? null : $"{failed.Container}: {failed.Reason}", files);
    }

    private async Task<FileVerification> VerifyFileAsync(BackupId id, ContainerBackup expected, CancellationToken cancellationToken)
    {
        if (expected.File != BackupStore.DataFile(expected.Name))
            return Failed("the manifest names an unexpected file");
        long lines = 0, length;
        string sha256;
        string? unreadable = null;
        try
        {
            await using var content = await store.File(id, expected.File).OpenReadAsync(
                new BlobOpenReadOptions(allowModifications: false) { BufferSize = ReadBlockBytes }, cancellationToken);
            using var hashing = new HashingStream(content);
            try
            {
                lines = await CountLinesAsync(hashing, cancellationToken);
            }
            catch (InvalidDataException)
            {
                unreadable = "the file is not valid gzip";
            }
            await hashing.CopyToAsync(Stream.Null, cancellationToken); // hash every byte, even where decompression stopped early
            (length, sha256) = (hashing.Length64, hashing.Sha256());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Failed("the file is missing");
        }

        var reason =
            length != expected.Bytes ? $"the file's size ({length} bytes) differs from the manifest's ({expected.Bytes} bytes)"
            : sha256 != expected.Sha256 ? "the file's SHA-256 differs from the manifest's"
            : unreadable ?? (lines != expected.Documents ? $"the file's document count ({lines}) differs from the manifest's ({expected.Documents})" : null);
        return new FileVerification(expected.Name, reason is null, lines, length, sha256, reason);

        FileVerification Failed(string why) => new(expected.Name, false, 0, 0, "", why);
    }

    private static async Task<long> CountLinesAsync(Stream compressed, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            long lines = 0;
            int read;
            while ((read = await gzip.ReadAsync(buffer, cancellationToken)) > 0)
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            return lines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Error, Message = "Backup {BackupId} failed verification: {Reason}")]
    private static partial void LogVerificationFailed(ILogger logger, string backupId, string reason);
}
