using Azure.Core;
using Azure.Storage.Queues;
using Bedtime.Jobs;
using Bedtime.Local.Queues;
using Bedtime.Local.Timers;
using Bedtime.Platform.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Local.Hosting;

/// <summary>Runs a listener for every registered queue handler and a scheduler for every timer job, like the Functions host.
/// <see cref="Run"/> is what both local hosts use (the Functions host passes handlers that invoke the worker).</summary>
public sealed partial class JobsHost(
    IEnumerable<IQueueHandler> handlers, IEnumerable<ITimerJob> timers, IOptions<StorageOptions> storage, TokenCredential credential,
    HostJson host, IConfiguration configuration, TimeProvider clock, ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Run(handlers, timers, storage.Value, credential, host, configuration, clock, loggers, stoppingToken));

    /// <summary>
    /// Starts the queue listeners and timer schedulers (unless <c>LocalRunner:RunJobs</c> is off, for measurements of
    /// the HTTP API alone, as in benchmarks/Bedtime.LoadRuns) and returns their running tasks.
    /// </summary>
    public static IReadOnlyList<Task> Run(
        IEnumerable<IQueueHandler> handlers, IEnumerable<ITimerJob> timers, StorageOptions storage, TokenCredential credential,
        HostJson host, IConfiguration configuration, TimeProvider clock, ILoggerFactory loggers, CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("LocalRunner:RunJobs", true)) return [];
        // The listener decodes base64 itself so that a malformed message goes to poison instead of failing the batch.
        var rawQueues = StorageClients.CreateQueues(storage, credential, QueueMessageEncoding.None);
        var logger = loggers.CreateLogger<JobsHost>();
        var runs = new List<Task>();
        foreach (var handler in handlers)
        {
            var listener = new QueueListener(handler, rawQueues, host, clock, loggers.CreateLogger<QueueListener>(),
                configuration.GetValue<TimeSpan?>("LocalRunner:QueueLease"));
            runs.Add(Task.Run(() => listener.RunAsync(stoppingToken), CancellationToken.None));
            LogListening(logger, handler.FunctionName, handler.QueueName);
        }
        foreach (var timer in timers)
        {
            var schedule = configuration[timer.ScheduleSetting]
                ?? throw new InvalidOperationException($"Timer {timer.FunctionName} needs the setting {timer.ScheduleSetting}.");
            var scheduler = new TimerScheduler(timer, schedule, host.FunctionTimeout, clock, loggers.CreateLogger<TimerScheduler>());
            runs.Add(Task.Run(() => scheduler.RunAsync(stoppingToken), CancellationToken.None));
            LogScheduled(logger, timer.FunctionName, schedule, scheduler.NextOccurrence(clock.GetUtcNow()));
        }
        return runs;
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "{Function} listens on queue {Queue}")]
    private static partial void LogListening(ILogger logger, string function, string queue);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "{Function} scheduled '{Schedule}', next at {Next}")]
    private static partial void LogScheduled(ILogger logger, string function, string schedule, DateTimeOffset next);
}
