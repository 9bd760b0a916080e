using Bedtime.Jobs;
using Bedtime.Jobs.Sweeping;
using Bedtime.Platform;
using Microsoft.Azure.Functions.Worker;

namespace Bedtime.Functions.Timers;

public sealed class SweeperFunction(Sweeper sweeper, TimeProvider clock)
{
    [Function(FunctionNames.SweeperTimer)]
    [ExponentialBackoffRetry(3, "00:00:10", "00:01:00")]
    public Task Run([TimerTrigger("%" + ScheduleSettings.Sweeper + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.RunAsync(new TimerRun(clock.GetUtcNow(), timer.IsPastDue), cancellationToken);
}
