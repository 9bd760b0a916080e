using System.Diagnostics;
using Azure.Storage.Blobs;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Bedtime.Uploads.Analysis;
using Bedtime.Uploads.Scanning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Uploads;

/// <summary>
/// The <c>upload-jobs</c> handler: received → scanning → processing → ready (or rejected/failed). Works from the
/// document's state, each change ETag-guarded, so redelivery is harmless and a half-done job resumes.
/// </summary>
public sealed partial class UploadJobHandler(
    DocumentStore<UploadDocument> uploads, BlobServiceClient blobs, IMalwareScanner scanner, IUploadAnalyser analyser,
    UploadStreaming streaming, UploadMetrics metrics, JobDeferral deferral, IOptions<UploadOptions> options, IOptions<JobsOptions> jobs,
    TimeProvider clock, ILogger<UploadJobHandler> logger) : IQueueHandler
{
    private static readonly ActivitySource Tracing = new(TelemetryNames.Meter);

    public string FunctionName => FunctionNames.UploadJobs;
    public string QueueName => QueueNames.UploadJobs;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        if (JobMessage.TryParse(delivery.Text) is not { } message) return;
        using var activity = Tracing.StartActivity("upload-job", ActivityKind.Consumer, message.ParentContext);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["UploadId"] = message.JobId, ["OwnerHash"] = OwnerHash.Of(message.OwnerId) });
        // Deliveries of earlier, deferred messages were attempts too.
        await deferral.RunAsync(QueueName, message, () => RunAsync(message, delivery.DequeueCount + message.Deferrals, cancellationToken), cancellationToken);
    }

    private async Task RunAsync(JobMessage message, long attempt, CancellationToken cancellationToken)
    {
        for (var race = 0; race < 5; race++)
        {
            var upload = await uploads.GetAsync(message.OwnerId, message.JobId, cancellationToken);
            if (upload is null || upload.IsFinal) return;
            // Queued just before its record says received: put off until it does, or until the sweeper clears an abandoned one.
            if (upload.Status is UploadStatus.Pending or UploadStatus.Receiving)
                throw new RetryableJobException("not_received_yet", "The upload's record does not say received yet.");
            upload = upload with { Attempts = (int)attempt };
            if (JobDeadline.Expired(JobDeadline.Of(upload.RetryDeadline, upload.CreatedAt, jobs.Value), attempt, clock.GetUtcNow()))
            {
                var expired = await SaveAsync(upload with { Status = UploadStatus.Failed, Error = new UploadError(JobDeadline.Code, JobDeadline.Message(upload.LastTransientError?.Message)) }, cancellationToken);
                if (expired is null) continue;
                metrics.Failed(JobDeadline.Code);
                return;
            }
            var done = upload.Status is UploadStatus.Received or UploadStatus.Scanning
                ? await ScanAsync(upload, cancellationToken)
                : await AnalyseAsync(upload, cancellationToken);
            if (done) return;
        }
        throw new RetryableJobException("contention", "The upload kept changing under this worker.");
    }

    private async Task<bool> ScanAsync(UploadDocument upload, CancellationToken cancellationToken)
    {
        var scanning = await SaveAsync(upload with { Status = UploadStatus.Scanning }, cancellationToken);
        if (scanning is null) return false;
        var blob = blobs.GetBlobContainerClient(BlobContainers.Uploads).GetBlobClient(upload.BlobName);
        var verdict = await StepTimeout.RunAsync(ct => scanner.ScanAsync(blob, ct), options.Value.ScanTimeout, "scan_timeout", cancellationToken);
        if (!verdict.Succeeded) return await FailOrRetryAsync(scanning, verdict.Failure!, cancellationToken);
        if (!verdict.Value!.Clean)
        {
            await streaming.DeleteAsync(upload.BlobName, cancellationToken);
            var rejected = await SaveAsync(scanning with { Status = UploadStatus.Rejected, Error = new UploadError("malware_detected", $"The file was flagged by the malware scanner ({verdict.Value.Threat}).") }, cancellationToken);
            if (rejected is null) return false;
            metrics.Rejected("malware_detected");
            LogMalware(logger, upload.Id, scanner.Name);
            return true;
        }
        var processing = await SaveAsync(scanning with { Status = UploadStatus.Processing }, cancellationToken);
        return processing is not null && await AnalyseAsync(processing, cancellationToken);
    }

    private async Task<bool> AnalyseAsync(UploadDocument upload, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(BlobContainers.Uploads).GetBlobClient(upload.BlobName);
        var result = await StepTimeout.RunAsync(async ct =>
        {
            var measured = upload.Measurements ?? (upload.Kind is UploadKind.Text ? null
                : (await streaming.InspectStoredAsync(upload.BlobName, upload.SizeBytes, ct)).Measurements);
            await using var content = await blob.OpenReadAsync(cancellationToken: ct);
            return await analyser.AnalyseAsync(upload.Kind!.Value, upload.ContentType, measured, content, ct);
        }, options.Value.AnalysisTimeout, "analysis_timeout", cancellationToken);
        if (!result.Succeeded) return await FailOrRetryAsync(upload, result.Failure!, cancellationToken);
        var ready = await SaveAsync(upload with { Status = UploadStatus.Ready, Result = UploadResult.From(result.Value!), LastTransientError = null }, cancellationToken);
        if (ready is null) return false;
        LogReady(logger, upload.Id, analyser.Name);
        return true;
    }

    private async Task<bool> FailOrRetryAsync(UploadDocument upload, ProviderFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Transient)
        {
            await SaveAsync(upload with { LastTransientError = new UploadError(failure.Code, failure.Message) }, cancellationToken);
            throw new RetryableJobException(failure.Code, failure.Message, failure.RetryAfter);
        }
        var failed = await SaveAsync(upload with { Status = UploadStatus.Failed, Error = new UploadError(failure.Code, failure.Message) }, cancellationToken);
        if (failed is null) return false;
        metrics.Failed(failure.Code);
        return true;
    }

    private Task<UploadDocument?> SaveAsync(UploadDocument upload, CancellationToken cancellationToken) =>
        uploads.ReplaceAsync(upload with { UpdatedAt = clock.GetUtcNow() }, upload.Id, upload.OwnerId, upload.ETag, cancellationToken);

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Upload {UploadId} rejected by malware scanner {Scanner}")]
    private static partial void LogMalware(ILogger logger, string uploadId, string scanner);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Upload {UploadId} is ready (analysed by {Analyser})")]
    private static partial void LogReady(ILogger logger, string uploadId, string analyser);
}

/// <summary><c>upload-jobs-poison</c>: the queue gave up; mark the upload failed with <c>retries_exhausted</c>.</summary>
public sealed class UploadPoisonHandler(DocumentStore<UploadDocument> uploads, UploadMetrics metrics, TimeProvider clock) : IQueueHandler
{
    public string FunctionName => FunctionNames.UploadJobsPoison;
    public string QueueName => QueueNames.UploadJobsPoison;

    public async Task HandleAsync(QueueDelivery delivery, CancellationToken cancellationToken)
    {
        metrics.Poisoned();
        var failed = await PoisonedJob.FailAsync(delivery, (m, ct) => uploads.GetAsync(m.OwnerId, m.JobId, ct), u => u.IsFinal, (upload, ct) =>
            uploads.ReplaceAsync(upload with
            {
                Status = UploadStatus.Failed, Error = new UploadError(PoisonedJob.Code, PoisonedJob.Reason(upload.LastTransientError?.Message)), UpdatedAt = clock.GetUtcNow(),
            }, upload.Id, upload.OwnerId, upload.ETag, ct), cancellationToken);
        if (failed is not null) metrics.Failed(PoisonedJob.Code);
    }
}
