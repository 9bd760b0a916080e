using Bedtime.Jobs;
using Bedtime.Platform;

namespace Bedtime.Secrets.Rotation;

/// <summary>The daily rotation timer (<see cref="ScheduleSettings.SecretRotation"/>).</summary>
public sealed class SecretRotationJob(SecretRotator rotator) : ITimerJob
{
    public string FunctionName => FunctionNames.SecretRotationTimer;
    public string ScheduleSetting => ScheduleSettings.SecretRotation;

    public async Task RunAsync(TimerRun run, CancellationToken cancellationToken)
    {
        // Another rotation still running after the wait: fail so the timer's retry policy tries again later.
        _ = await rotator.RotateAsync("timer", cancellationToken)
            ?? throw new TimeoutException("Another secret rotation held the lock; this run will be retried.");
    }
}
