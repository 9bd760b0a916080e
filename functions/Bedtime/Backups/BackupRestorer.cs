using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Bedtime.Http;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Backups;

public sealed record RestoreRequest
{
    private const string DatabaseNameRule = "A database name is 1–64 letters, digits, '_' or '-'.";

    /// <summary>Restore into this database (created with the backed-up containers when missing) instead of the live one.</summary>
    /// <remarks>RegularExpression accepts an empty string (it leaves presence to other rules): MinLength refuses it.</remarks>
    [MinLength(1, ErrorMessage = DatabaseNameRule), RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = DatabaseNameRule)]
    public string? TargetDatabase { get; init; }

    /// <summary>Upsert into containers that already hold documents (same ids are replaced; others are left alone).</summary>
    public bool Overwrite { get; init; }
}

/// <param name="Skipped">Documents of owners erased after the backup was taken (<see cref="ErasureRecords"/>): never restored.</param>
public sealed record RestoredContainer(string Name, long Documents, bool Created, long Skipped = 0);

public sealed record RestoreReport(
    string BackupId, string Database, bool Overwrite, IReadOnlyList<RestoredContainer> Containers, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

/// <summary>
/// Restores a verified backup into the live database or a named one. It never writes silently over live data: target
/// containers must be empty unless the caller says <c>overwrite</c>. Documents are upserted, so running it twice
/// gives the same result. Documents of owners who asked for erasure after the backup was taken are left out.
/// </summary>
public sealed partial class BackupRestorer(
    CosmosClient cosmos, IOptions<CosmosOptions> cosmosOptions, BackupStore store, BackupVerifier verifier, ErasureRecords erasures, TimeProvider clock,
    IOptions<BackupOptions> options, ILogger<BackupRestorer> logger)
{
    private const int ReadBlockBytes = 4 * 1024 * 1024;
    private static readonly ItemRequestOptions NoContentResponse = new() { EnableContentResponseOnWrite = false };

    /// <param name="beforeWriting">Called once the target has passed its checks, before the first document is written.</param>
    public async Task<Result<RestoreReport>> RestoreAsync(
        BackupId id, RestoreRequest request, Func<CancellationToken, Task>? beforeWriting, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        if (await verifier.VerifyAndRecordAsync(id, cancellationToken) is not { } verified)
            return ApiError.NotFound("backup");
        var (manifest, verification) = verified;
        if (!verification.Verified)
            return new ApiError(422, "backup_not_verified", "The backup failed verification and cannot be restored.", verification.Reason!);
        if (manifest.Containers.FirstOrDefault(c => RestoreDocument.PartitionKeyProperty(c.PartitionKeyPath) is null) is { } nested)
            return new ApiError(422, "unsupported_partition_key", "The backup cannot be restored.", $"{nested.Name} is partitioned by a nested path.");

        var databaseName = request.TargetDatabase ?? cosmosOptions.Value.Database;
        Database database;
        var created = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            database = (await cosmos.CreateDatabaseIfNotExistsAsync(databaseName, cancellationToken: cancellationToken)).Database;
            var shapes = manifest.Containers.Select(c => (c.Name, c.PartitionKeyPath, c.DefaultTimeToLive))
                .Concat(manifest.Excluded.Select(c => (c.Name, c.PartitionKeyPath, c.DefaultTimeToLive)));
            foreach (var (name, partitionKeyPath, ttl) in shapes)
            {
                var response = await database.CreateContainerIfNotExistsAsync(
                    new ContainerProperties(name, partitionKeyPath) { DefaultTimeToLive = ttl }, cancellationToken: cancellationToken);
                if (response.StatusCode == HttpStatusCode.Created) created.Add(name);
            }
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            return new ApiError(409, "target_not_provisioned", "The target database cannot be created here.",
                $"This identity may not create databases or containers: create '{databaseName}' and its containers first, then restore again.");
        }

        if (!request.Overwrite)
        {
            var occupied = new List<string>();
            foreach (var container in manifest.Containers)
                if (await HoldsDocumentsAsync(database.GetContainer(container.Name), cancellationToken)) occupied.Add(container.Name);
            if (occupied.Count > 0)
                return new ApiError(409, "containers_not_empty", "The target containers already hold documents.",
                    $"{string.Join(", ", occupied)} in database '{databaseName}' already hold documents. Restore into another database, empty them, or pass overwrite: true.");
        }

        var erased = (await erasures.ListAsync(cancellationToken)).Values
            .Where(e => e.Covers(manifest.StartedAt)).Select(e => e.OwnerHash).ToHashSet(StringComparer.Ordinal);
        if (beforeWriting is not null) await beforeWriting(cancellationToken);
        var restored = new List<RestoredContainer>();
        foreach (var container in manifest.Containers)
        {
            var (documents, skipped, intact) = await RestoreFileAsync(id, container, database.GetContainer(container.Name), erased, cancellationToken);
            if (!intact)
                return new ApiError(422, "backup_changed", "The backup changed while it was restored.",
                    $"{container.Name}: the file no longer matches its manifest; {documents} documents were written. Verify the backup and restore again.");
            restored.Add(new RestoredContainer(container.Name, documents, created.Contains(container.Name), skipped));
        }
        var report = new RestoreReport(manifest.Id, databaseName, request.Overwrite, restored, startedAt, clock.GetUtcNow());
        LogRestored(logger, manifest.Id, databaseName, restored.Sum(c => c.Documents), request.Overwrite, restored.Sum(c => c.Skipped));
        return report;
    }

    private static async Task<bool> HoldsDocumentsAsync(Container container, CancellationToken cancellationToken)
    {
        using var feed = container.GetItemQueryIterator<JsonElement>((string?)null, null, new QueryRequestOptions { MaxItemCount = 1 });
        while (feed.HasMoreResults) // a cross-partition feed may return empty pages before a full one
            if ((await feed.ReadNextAsync(cancellationToken)).Count > 0) return true;
        return false;
    }

    /// <returns>The documents written, those left out as erased, and whether the file still matched its manifest (hash and count) at the end.</returns>
    private async Task<(long Documents, long Skipped, bool Intact)> RestoreFileAsync(
        BackupId id, ContainerBackup backup, Container target, IReadOnlySet<string> erased, CancellationToken cancellationToken)
    {
        var key = RestoreDocument.PartitionKeyProperty(backup.PartitionKeyPath)!;
        await using var content = await store.File(id, backup.File).OpenReadAsync(
            new BlobOpenReadOptions(allowModifications: false) { BufferSize = ReadBlockBytes }, cancellationToken);
        using var hashing = new HashingStream(content);
        long documents = 0, skipped = 0;
        await using (var gzip = new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true))
        {
            await Parallel.ForEachAsync(NdjsonLines.ReadAsync(gzip, cancellationToken),
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.RestoreConcurrency, CancellationToken = cancellationToken },
                async (line, token) =>
                {
                    var (body, partitionKey, owner) = RestoreDocument.Prepare(line, key);
                    if (owner is not null && erased.Count > 0 && erased.Contains(OwnerHash.Of(owner)))
                    {
                        body.Dispose();
                        Interlocked.Increment(ref skipped);
                        return;
                    }
                    using (body)
                    using (var response = await target.UpsertItemStreamAsync(body, partitionKey, NoContentResponse, token))
                        response.EnsureSuccessStatusCode();
                    Interlocked.Increment(ref documents);
                });
        }
        await hashing.CopyToAsync(Stream.Null, cancellationToken);
        return (documents, skipped, hashing.Sha256() == backup.Sha256 && documents + skipped == backup.Documents);
    }

    [LoggerMessage(EventId = 7040, Level = LogLevel.Warning, Message = "Restored backup {BackupId} into database {Database}: {Documents} documents (overwrite {Overwrite}), {Skipped} of erased owners left out")]
    private static partial void LogRestored(ILogger logger, string backupId, string database, long documents, bool overwrite, long skipped);
}
