using Bedtime.Backups;
using Bedtime.Jobs;
using Bedtime.Platform;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Jobs;

public sealed class BackupTimerFunction(BackupTimerJob job, TimeProvider clock)
{
    [Function(FunctionNames.BackupTimer)]
    [ExponentialBackoffRetry(3, "00:00:10", "00:05:00")]
    public Task Run([TimerTrigger("%" + ScheduleSettings.Backup + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RunAsync(new TimerRun(clock.GetUtcNow(), timer.IsPastDue), cancellationToken);
}
