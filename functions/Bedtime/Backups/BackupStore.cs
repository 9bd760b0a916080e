using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;

namespace Bedtime.Backups;

/// <summary>A backup as found in Blob storage: its id and every blob under its folder (a failed run may have no manifest).</summary>
public sealed record StoredBackup(BackupId Id, IReadOnlyList<string> BlobNames)
{
    public bool HasManifest => BlobNames.Contains(Id.BlobName(BackupManifest.FileName));
}

public sealed record StoredManifest(BackupManifest Manifest, ETag ETag);

/// <summary>The backups container: <c>{yyyy}/{MM}/{dd}/{HHmmss}/{container}.ndjson.gz</c> and <c>manifest.json</c> per backup.</summary>
public sealed class BackupStore(BlobServiceClient blobs, IOptions<BackupOptions> options)
{
    private const int ManifestReadConcurrency = 8;

    public BlobContainerClient Container { get; } = blobs.GetBlobContainerClient(options.Value.Container);

    public BlockBlobClient File(BackupId id, string file) => Container.GetBlockBlobClient(id.BlobName(file));

    public static string DataFile(string container) => container + ".ndjson.gz";

    /// <returns>null when the backup has no manifest.</returns>
    /// <exception cref="InvalidDataException">The manifest is not readable.</exception>
    public async Task<StoredManifest?> ReadManifestAsync(BackupId id, CancellationToken cancellationToken)
    {
        try
        {
            var content = await File(id, BackupManifest.FileName).DownloadContentAsync(cancellationToken);
            var manifest = JsonSerializer.Deserialize<BackupManifest>(content.Value.Content.ToMemory().Span, BackupManifest.Json)
                ?? throw new InvalidDataException($"The manifest of backup {id} is empty.");
            return new StoredManifest(manifest, content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The manifest of backup {id} is not readable.", ex);
        }
    }

    /// <summary>As <see cref="ReadManifestAsync"/>, but an unreadable manifest counts as none.</summary>
    public async Task<StoredManifest?> TryReadManifestAsync(BackupId id, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadManifestAsync(id, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <param name="ifMatch">Replace only this version (null: write unconditionally).</param>
    /// <returns>The new version, or null when the manifest changed since <paramref name="ifMatch"/>.</returns>
    public async Task<ETag?> WriteManifestAsync(BackupManifest manifest, ETag? ifMatch, CancellationToken cancellationToken)
    {
        if (!BackupId.TryParse(manifest.Id, out var id)) throw new ArgumentException("The manifest's id is not a backup id.", nameof(manifest));
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = ifMatch is { } etag ? new BlobRequestConditions { IfMatch = etag } : null,
        };
        try
        {
            var written = await Container.GetBlobClient(id.BlobName(BackupManifest.FileName)).UploadAsync(
                BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupManifest.Json)), upload, cancellationToken);
            return written.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 412 && ifMatch is not null)
        {
            return null;
        }
    }

    /// <summary>Every backup folder, newest first. Blobs outside the layout (the lock blob) are ignored.</summary>
    public async Task<IReadOnlyList<StoredBackup>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new SortedDictionary<BackupId, List<string>>(Comparer<BackupId>.Create((a, b) => b.StartedAt.CompareTo(a.StartedAt)));
        try
        {
            await foreach (var blob in Container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (!BackupId.TryParseBlobName(blob.Name, out var id, out _)) continue;
                if (!found.TryGetValue(id, out var names)) found[id] = names = [];
                names.Add(blob.Name);
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }
        return [.. found.Select(pair => new StoredBackup(pair.Key, pair.Value))];
    }

    /// <summary>The manifests of every backup that has a readable one, newest first.</summary>
    public async Task<IReadOnlyList<BackupManifest>> ListManifestsAsync(CancellationToken cancellationToken)
    {
        var withManifest = (await ListAsync(cancellationToken)).Where(b => b.HasManifest).ToList();
        var manifests = new BackupManifest?[withManifest.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, withManifest.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ManifestReadConcurrency, CancellationToken = cancellationToken },
            async (i, token) => manifests[i] = (await TryReadManifestAsync(withManifest[i].Id, token))?.Manifest);
        return [.. manifests.OfType<BackupManifest>()];
    }

    public async Task<bool> ExistsAsync(BackupId id, CancellationToken cancellationToken)
    {
        await foreach (var _ in Container.GetBlobsAsync(prefix: id.Path + "/", cancellationToken: cancellationToken))
            return true;
        return false;
    }

    public async Task DeleteAsync(StoredBackup backup, CancellationToken cancellationToken)
    {
        // The manifest first: a half-deleted backup is then never listed as restorable, and the next retention run finishes it.
        foreach (var name in backup.BlobNames.OrderByDescending(n => n.EndsWith("/" + BackupManifest.FileName, StringComparison.Ordinal)))
            await Container.DeleteBlobIfExistsAsync(name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }
}
