using System.Globalization;
using System.Text.Json;
using Bedtime.Jobs;
using Bedtime.Local.FunctionsHost.Rpc;
using Bedtime.Local.Timers;
using Google.Protobuf;

namespace Bedtime.Local.FunctionsHost;

/// <summary>A queue-triggered function of the worker, driven by the same <c>QueueListener</c> the in-process runner uses.</summary>
public sealed class WorkerQueueFunction(WorkerLink worker, string functionName, string queueName, string bindingName) : IQueueHandler
{
    public string FunctionName => functionName;
    public string QueueName => queueName;

    /// <summary>
    /// Invokes the function with the message as the Storage Queues extension binds it for the isolated worker: model
    /// binding data whose content is the message as the Azure SDK serialises a <c>QueueMessage</c> (text decoded).
    /// </summary>
    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        // Every date must be present: the worker's converter reads them as strings. The listener keeps the lease and
        // the receipt itself, so the function gets placeholders for those (this app's functions read neither).
        var now = TimeProvider.System.GetUtcNow();
        var inserted = delivery.InsertedOn ?? now;
        var message = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["MessageId"] = delivery.MessageId,
            ["PopReceipt"] = "",
            ["MessageText"] = delivery.Text,
            ["DequeueCount"] = delivery.DequeueCount,
            ["InsertedOn"] = inserted,
            ["ExpiresOn"] = inserted.AddDays(7),
            ["NextVisibleOn"] = now,
        });
        var (channel, functionId) = await worker.LoadedAsync(functionName, cancellationToken);
        var request = WorkerInvocations.New(functionId);
        request.InputData.Add(new ParameterBinding
        {
            Name = bindingName,
            Data = new TypedData
            {
                ModelBindingData = new ModelBindingData
                {
                    Version = "1.0", Source = "AzureStorageQueues", ContentType = "application/json", Content = ByteString.CopyFrom(message),
                },
            },
        });
        request.TriggerMetadata.Add("DequeueCount", new TypedData { Json = delivery.DequeueCount.ToString(CultureInfo.InvariantCulture) });
        request.TriggerMetadata.Add("Id", new TypedData { String = delivery.MessageId });
        request.TriggerMetadata.Add("QueueTrigger", new TypedData { String = delivery.Text });
        await WorkerInvocations.RunAsync(channel, request, functionName, cancellationToken);
    }
}

/// <summary>A timer-triggered function of the worker, driven by the same <c>TimerScheduler</c> the in-process runner
/// uses, which applies the retry policy the worker reported for it.</summary>
public sealed class WorkerTimerFunction(WorkerLink worker, string functionName, string scheduleSetting, string bindingName, TimerRetry? retry) : IRetriedTimerJob
{
    public string FunctionName => functionName;
    public string ScheduleSetting => scheduleSetting;
    public TimerRetry? Retry => retry;

    public Task RunAsync(TimerRun run, CancellationToken cancellationToken) => RunAsync(run, retryCount: 0, cancellationToken);

    /// <summary>Invokes the function with <c>TimerInfo</c> as JSON, as the timer extension sends it, and the retry context.</summary>
    public async Task RunAsync(TimerRun run, int retryCount, CancellationToken cancellationToken)
    {
        var info = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = run.ScheduledFor, Next = run.ScheduledFor, LastUpdated = run.ScheduledFor },
            run.IsPastDue,
        });
        var (channel, functionId) = await worker.LoadedAsync(functionName, cancellationToken);
        var request = WorkerInvocations.New(functionId);
        request.InputData.Add(new ParameterBinding { Name = bindingName, Data = new TypedData { Json = info } });
        if (retry is not null) request.RetryContext = new RetryContext { RetryCount = retryCount, MaxRetryCount = retry.MaxRetryCount };
        await WorkerInvocations.RunAsync(channel, request, functionName, cancellationToken);
    }
}

public static class WorkerInvocations
{
    public static InvocationRequest New(string functionId) => new()
    {
        InvocationId = Guid.NewGuid().ToString(),
        FunctionId = functionId,
        // Required: the worker dereferences it on every invocation.
        TraceContext = new RpcTraceContext { TraceParent = System.Diagnostics.Activity.Current?.Id ?? "", TraceState = "" },
    };

    /// <summary>Runs one invocation; a failed or cancelled one throws, so the caller's retry rules (queue, timer) apply.</summary>
    public static async Task RunAsync(WorkerChannel channel, InvocationRequest request, string functionName, CancellationToken cancellationToken)
    {
        InvocationResponse response;
        try
        {
            response = await channel.InvokeAsync(request, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            channel.Cancel(request.InvocationId); // functionTimeout or shutdown: tell the worker, as the host does
            throw;
        }
        if (response.Result.Status != StatusResult.Types.Status.Success)
            throw new FunctionInvocationException(functionName, response.Result.Exception?.Type ?? "", response.Result.Exception?.Message ?? response.Result.Result);
    }
}

/// <summary>The worker reported a function invocation as failed.</summary>
public sealed class FunctionInvocationException(string function, string exceptionType, string message)
    : Exception($"Functions.{function} failed: {exceptionType}: {message}");
