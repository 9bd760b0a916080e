using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Backups;

/// <summary>
/// Deletes backups that started before <c>now − RetentionDays</c>, including the leftovers of failed runs, but never the
/// newest verified backup, however old: with backups failing for a week there must still be one to restore.
/// </summary>
public sealed partial class BackupRetention(BackupStore store, TimeProvider clock, IOptions<BackupOptions> options, ILogger<BackupRetention> logger)
{
    /// <returns>The ids of the deleted backups.</returns>
    public async Task<IReadOnlyList<BackupId>> ApplyAsync(CancellationToken cancellationToken)
    {
        var backups = await store.ListAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
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

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Deleted {Count} backups older than {RetentionDays} days (newest verified backup kept: {NewestVerified})")]
    private static partial void LogDeleted(ILogger logger, int count, int retentionDays, string newestVerified);
}
