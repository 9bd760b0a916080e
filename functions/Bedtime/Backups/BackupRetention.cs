using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Backups;

/// <summary>
/// Deletes backups that started before <c>now − RetentionDays</c>, including the leftovers of failed runs, but never the
/// newest verified backup, however old: with backups failing for a week there must still be one to restore.
/// </summary>
public sealed partial class BackupRetention(
    BackupStore store, ErasureRecords erasures, TimeProvider clock, IOptions<BackupOptions> options, ILogger<BackupRetention> logger)
{
    /// <summary>Deletes the expired backups, then forgets the erasure records no backup left needs (<see cref="ErasureRecords.ForgetAsync"/>).</summary>
    /// <returns>The ids of the deleted backups.</returns>
    public async Task<IReadOnlyList<BackupId>> ApplyAsync(CancellationToken cancellationToken)
    {
        var backups = await store.ListAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        var deleted = await DeleteExpiredAsync(backups, cutoff, cancellationToken);
        var oldestLeft = backups.Where(b => !deleted.Contains(b.Id)).Select(b => b.Id.StartedAt).DefaultIfEmpty().Min();
        var forgotten = await erasures.ForgetAsync(cutoff, oldestLeft == default ? null : oldestLeft, cancellationToken);
        if (forgotten > 0) LogForgotten(logger, forgotten);
        return deleted;
    }

    private async Task<IReadOnlyList<BackupId>> DeleteExpiredAsync(IReadOnlyList<StoredBackup> backups, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!backups.Any(b => b.Id.StartedAt < cutoff)) return [];

        BackupId? newestVerified = null;
        foreach (var backup in backups.Where(b => b.HasManifest)) // newest first
            if (await store.TryReadManifestAsync(backup.Id, cancellationToken) is { Manifest.Verified: true })
            {
                newestVerified = backup.Id;
                break;
            }

        var expired = Expired(backups, cutoff, newestVerified);
        foreach (var backup in expired)
            await store.DeleteAsync(backup, cancellationToken);
        if (expired.Count > 0)
            LogDeleted(logger, expired.Count, options.Value.RetentionDays, newestVerified?.Value ?? "none");
        return [.. expired.Select(b => b.Id)];
    }

    internal static IReadOnlyList<StoredBackup> Expired(IEnumerable<StoredBackup> backups, DateTimeOffset cutoff, BackupId? newestVerified) =>
        [.. backups.Where(b => b.Id.StartedAt < cutoff && b.Id != newestVerified)];

    [LoggerMessage(EventId = 7031, Level = LogLevel.Information, Message = "Forgot {Count} erasure records no remaining backup predates")]
    private static partial void LogForgotten(ILogger logger, int count);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Deleted {Count} backups older than {RetentionDays} days (newest verified backup kept: {NewestVerified})")]
    private static partial void LogDeleted(ILogger logger, int count, int retentionDays, string newestVerified);
}
