using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Bedtime.Jobs;
using Bedtime.Local.Hosting;
using Microsoft.Extensions.Logging;

namespace Bedtime.Local.Queues;

/// <summary>
/// Runs one <see cref="IQueueHandler"/> with the semantics of the Functions queue trigger:
/// batches of <c>batchSize</c> processed in parallel, a new batch fetched when in-flight work falls to
/// <c>newBatchThreshold</c>; success deletes the message; failure makes it visible again after
/// <c>visibilityTimeout</c>; the <c>maxDequeueCount</c>-th failure moves it to <c>{queue}-poison</c>;
/// an empty queue is polled with exponential back-off up to <c>maxPollingInterval</c>.
/// While a message is processed its lease is renewed, so a crash makes it reappear after one lease, not never.
/// </summary>
public sealed partial class QueueListener(
    IQueueHandler handler, QueueServiceClient rawQueues, HostJson host, TimeProvider clock, ILogger<QueueListener> logger,
    TimeSpan? lease = null)
{
    internal static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan _lease = lease ?? TimeSpan.FromSeconds(60);
    private readonly QueueTriggerSettings _settings = host.Queues;
    private readonly QueueClient _queue = rawQueues.GetQueueClient(handler.QueueName);
    private readonly QueueClient _poison = rawQueues.GetQueueClient(handler.QueueName + QueueNamesSuffix);
    private const string QueueNamesSuffix = Bedtime.Platform.QueueNames.PoisonSuffix;

    public string QueueName => handler.QueueName;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var inFlight = new List<Task>();
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > _settings.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }

            QueueMessage[] batch;
            try
            {
                batch = (await _queue.ReceiveMessagesAsync(_settings.BatchSize, _lease, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
            {
                // Storage unreachable or the queue missing: keep polling at the slowest rate rather than dying.
                LogReceiveFailed(logger, ex, handler.QueueName);
                batch = [];
                delay = _settings.MaxPollingInterval;
            }

            if (batch.Length == 0)
            {
                try { await Task.Delay(delay, clock, stoppingToken); }
                catch (OperationCanceledException) { break; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxPollingInterval.Ticks));
                continue;
            }

            delay = MinPollingInterval;
            foreach (var message in batch)
                inFlight.Add(ProcessAsync(message, stoppingToken));
        }
        await Task.WhenAll(inFlight);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var receipt = new Receipt(message.PopReceipt);
        try
        {
            if (message.DequeueCount > _settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, receipt, "dequeue count already past the limit", stoppingToken);
                return;
            }
            if (!TryDecode(message.Body, out var text))
            {
                await MoveToPoisonAsync(message, receipt, "body is not valid base64", stoppingToken);
                return;
            }

            using var invocation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            invocation.CancelAfter(host.FunctionTimeout);
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewing = RenewLeaseAsync(message.MessageId, receipt, renewal.Token);
            Exception? failure = null;
            try
            {
                await handler.HandleAsync(new QueueDelivery(message.MessageId, text, message.DequeueCount, message.InsertedOn), invocation.Token);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }

            if (failure is null)
            {
                await _queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None);
            }
            else if (stoppingToken.IsCancellationRequested)
            {
                // Shutting down mid-message: hand it back at once for the next instance.
                await _queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            }
            else if (message.DequeueCount >= _settings.MaxDequeueCount)
            {
                LogFailed(logger, failure, handler.FunctionName, message.MessageId, message.DequeueCount, _settings.MaxDequeueCount);
                await MoveToPoisonAsync(message, receipt, "maxDequeueCount reached", CancellationToken.None);
            }
            else
            {
                LogFailed(logger, failure, handler.FunctionName, message.MessageId, message.DequeueCount, _settings.MaxDequeueCount);
                await _queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: _settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // The lease was lost or storage is down: the message reappears by itself after its lease.
            LogSettleFailed(logger, ex, handler.QueueName, message.MessageId);
        }
    }

    private async Task RenewLeaseAsync(string messageId, Receipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_lease / 2, clock, cancellationToken);
                var updated = await _queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: _lease, cancellationToken: cancellationToken);
                receipt.Value = updated.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException ex)
        {
            LogSettleFailed(logger, ex, handler.QueueName, messageId);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, Receipt receipt, string reason, CancellationToken cancellationToken)
    {
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.SendMessageAsync(message.Body.ToString(), cancellationToken);
        await _queue.DeleteMessageAsync(message.MessageId, receipt.Value, cancellationToken);
        LogPoisoned(logger, handler.QueueName, message.MessageId, message.DequeueCount, reason);
    }

    private bool TryDecode(BinaryData body, out string text)
    {
        text = body.ToString();
        if (!_settings.MessageEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase)) return true;
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written)) return false;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The current pop receipt: each visibility update issues a new one.</summary>
    private sealed class Receipt(string value)
    {
        public string Value { get; set; } = value;
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "{Function} failed on message {MessageId} (attempt {DequeueCount} of {MaxDequeueCount})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, string messageId, long dequeueCount, int maxDequeueCount);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Moved message {MessageId} from {Queue} to its poison queue after {DequeueCount} deliveries: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, long dequeueCount, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Could not receive from queue {Queue}; retrying")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Could not settle message {MessageId} of queue {Queue}; it will reappear after its lease")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string queue, string messageId);
}
