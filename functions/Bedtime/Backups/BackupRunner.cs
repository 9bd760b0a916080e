using Azure;
using Bedtime.Health;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Backups;

/// <summary>
/// One backup run: under the lock, export every container to Blob storage, write the manifest, read the copy back
/// to verify it, then apply retention. Runs never overlap, within an instance or across instances.
/// </summary>
public sealed partial class BackupRunner(
    CosmosClient cosmos, IOptions<CosmosOptions> cosmosOptions, BackupStore store, BackupVerifier verifier, BackupRetention retention,
    BackupMetrics metrics, AppInfo app, TimeProvider clock, IOptions<BackupOptions> options, ILogger<BackupRunner> logger)
{
    public const string TimerTrigger = "timer";
    public const string AdminTrigger = "admin";

    /// <summary>Containers left out of backups, and why (recorded in each manifest so a restore can still create them).</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>
    {
        [CosmosContainers.Expiring] = "Short-lived records (idempotency keys, rate-limit windows, locks) that expire within a day; " +
            "a restored copy would restart their time to live and block or replay requests long after they should have gone.",
        [CosmosContainers.Audit] = "The append-only audit trail, kept by its own retention: a restore must not rewrite the record of what happened " +
            "(nor count as documents already there when restoring into the live database).",
    };

    /// <returns>The manifest of the new backup (check <see cref="BackupManifest.Verified"/>), or null when another run holds the lock.</returns>
    public async Task<BackupManifest?> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        try
        {
            await using var lease = await BackupLease.TryAcquireAsync(store.Container, clock, logger, cancellationToken);
            if (lease is null)
            {
                LogSkipped(logger, trigger);
                return null;
            }
            using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            return await RunLockedAsync(trigger, work.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.Failed("run");
            LogFailed(logger, ex, trigger);
            throw;
        }
    }

    private async Task<BackupManifest> RunLockedAsync(string trigger, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var manifest = await ExportAsync(trigger, cancellationToken);
        await store.WriteManifestAsync(manifest, ifMatch: null, cancellationToken);
        manifest = (await verifier.VerifyAndRecordAsync(BackupIdOf(manifest), cancellationToken))?.Manifest
            ?? throw new InvalidOperationException($"The manifest of backup {manifest.Id} vanished before it was verified.");
        if (manifest.Verified)
        {
            var duration = clock.GetElapsedTime(started);
            var documents = manifest.Containers.Sum(c => c.Documents);
            var bytes = manifest.Containers.Sum(c => c.Bytes);
            metrics.Succeeded(duration, documents, bytes);
            LogCompleted(logger, manifest.Id, trigger, documents, bytes, duration.TotalSeconds);
        }
        await ApplyRetentionAsync(cancellationToken);
        return manifest;
    }

    private async Task<BackupManifest> ExportAsync(string trigger, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var id = BackupId.At(startedAt);
        while (await store.ExistsAsync(id, cancellationToken)) id = id.Next(); // two runs within a second: ids stay unique and ordered
        var database = cosmos.GetDatabase(cosmosOptions.Value.Database);
        var exported = new List<ContainerBackup>();
        var excluded = new List<ExcludedContainer>();
        foreach (var name in CosmosContainers.All)
        {
            var container = database.GetContainer(name);
            var properties = (await container.ReadContainerAsync(cancellationToken: cancellationToken)).Resource;
            if (Excluded.TryGetValue(name, out var reason))
                excluded.Add(new ExcludedContainer(name, properties.PartitionKeyPath, properties.DefaultTimeToLive, reason));
            else
                exported.Add(await ContainerExport.ExportAsync(container, properties, store.File(id, BackupStore.DataFile(name)), options.Value.PageSize, cancellationToken));
        }
        return new BackupManifest
        {
            Id = id.Value, Path = id.Path, Trigger = trigger, AppVersion = app.Version, Database = database.Id,
            StartedAt = startedAt, FinishedAt = clock.GetUtcNow(), Containers = exported, Excluded = excluded,
        };
    }

    /// <summary>Retention failing does not undo a good backup: it is logged, and the next run tries again.</summary>
    private async Task ApplyRetentionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await retention.ApplyAsync(cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            LogRetentionFailed(logger, ex);
        }
    }

    private static BackupId BackupIdOf(BackupManifest manifest) =>
        BackupId.TryParse(manifest.Id, out var id) ? id : throw new InvalidOperationException("A manifest without a backup id.");

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Backup {BackupId} ({Trigger}) verified: {Documents} documents, {Bytes} bytes in {Seconds:0.0} s")]
    private static partial void LogCompleted(ILogger logger, string backupId, string trigger, long documents, long bytes, double seconds);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Backup ({Trigger}) skipped: another run holds the backup lock")]
    private static partial void LogSkipped(ILogger logger, string trigger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Backup ({Trigger}) failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string trigger);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Applying backup retention failed; the next run tries again")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
