using Bedtime.Audit;
using Bedtime.Jobs;
using Bedtime.Platform;

namespace Bedtime.Secrets.Rotation;

/// <summary>The daily rotation timer (<see cref="ScheduleSettings.SecretRotation"/>).</summary>
public sealed class SecretRotationJob(SecretRotator rotator, AuditTrail audit) : ITimerJob
{
    public string FunctionName => FunctionNames.SecretRotationTimer;
    public string ScheduleSetting => ScheduleSettings.SecretRotation;

    public async Task RunAsync(TimerRun run, CancellationToken cancellationToken)
    {
        RotationReport? report;
        try
        {
            report = await rotator.RotateAsync("timer", cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await audit.RecordAsync(AuditActors.Timer, AuditActions.SecretsRotate, null, AuditOutcome.Failed);
            throw;
        }
        // Another rotation still running after the wait: fail so the timer's retry policy tries again later.
        if (report is null) throw new TimeoutException("Another secret rotation held the lock; this run will be retried.");
        await audit.RecordAsync(AuditActors.Timer, AuditActions.SecretsRotate, null, AuditOutcome.Succeeded);
    }
}
