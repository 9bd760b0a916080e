using Bedtime.Audit;
using Bedtime.Jobs;
using Bedtime.Platform;
using Microsoft.Extensions.Logging;

namespace Bedtime.Backups;

/// <summary>The backup timer (<c>BACKUP_SCHEDULE</c>, hourly by default). A late run still runs: a missed backup is worse than a late one.</summary>
public sealed partial class BackupTimerJob(BackupRunner runner, AuditTrail audit, ILogger<BackupTimerJob> logger) : ITimerJob
{
    public string FunctionName => FunctionNames.BackupTimer;
    public string ScheduleSetting => ScheduleSettings.Backup;

    public async Task RunAsync(TimerRun run, CancellationToken cancellationToken)
    {
        if (run.IsPastDue) LogPastDue(logger, run.ScheduledFor);
        BackupManifest? manifest;
        try
        {
            manifest = await runner.RunAsync(BackupRunner.TimerTrigger, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await audit.RecordAsync(AuditActors.Timer, AuditActions.BackupOperation("backup"), null, AuditOutcome.Failed);
            throw;
        }
        if (manifest is not null) // null: another run held the lock, and records its own
            await audit.RecordAsync(AuditActors.Timer, AuditActions.BackupOperation("backup"), manifest.Id, manifest.Verified ? AuditOutcome.Succeeded : AuditOutcome.Failed);
    }

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Backup timer run due at {Due} is past due; running it now")]
    private static partial void LogPastDue(ILogger logger, DateTimeOffset due);
}
