using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Secrets.Rotation;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Timers;

public sealed class SecretRotationFunction(SecretRotationJob job, TimeProvider clock)
{
    [Function(FunctionNames.SecretRotationTimer)]
    [ExponentialBackoffRetry(5, "00:00:30", "00:15:00")]
    public Task Run([TimerTrigger("%" + ScheduleSettings.SecretRotation + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RunAsync(new TimerRun(clock.GetUtcNow(), timer.IsPastDue), cancellationToken);
}
