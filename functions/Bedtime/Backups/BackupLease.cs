using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Bedtime.Backups;

/// <summary>
/// Makes backup runs a singleton across instances: a 60-second lease on a lock blob in the backups container, renewed
/// while the run lasts. A run that cannot take it skips; a run whose lease is lost is cancelled through <see cref="Lost"/>.
/// </summary>
public sealed partial class BackupLease : IAsyncDisposable
{
    public const string BlobName = ".lock";
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    private readonly BlobLeaseClient _lease;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private BackupLease(BlobLeaseClient lease, TimeProvider clock, ILogger logger)
    {
        (_lease, _clock, _logger) = (lease, clock, logger);
        _renewing = RenewAsync();
    }

    public CancellationToken Lost => _lost.Token;

    /// <returns>The lease, or null when another run holds it.</returns>
    public static async Task<BackupLease?> TryAcquireAsync(BlobContainerClient container, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(BlobName);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // It exists already (and may be leased right now).
        }
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(Duration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
        return new BackupLease(lease, clock, logger);
    }

    /// <summary>Whether a run holds the lock now (a hint for callers: taking it is what decides).</summary>
    public static async Task<bool> IsHeldAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await container.GetBlobClient(BlobName).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.LeaseState == LeaseState.Leased;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private async Task RenewAsync()
    {
        var renewedAt = _clock.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, _clock, _stop.Token);
                try
                {
                    await _lease.RenewAsync(cancellationToken: _stop.Token);
                    renewedAt = _clock.GetUtcNow();
                }
                catch (RequestFailedException ex) when (ex.Status is not (409 or 412) && _clock.GetUtcNow() - renewedAt < Duration - RenewEvery)
                {
                    LogRenewalFailed(_logger, ex); // transient: the lease still has time left, try again at the next tick
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (RequestFailedException ex)
        {
            LogLost(_logger, ex);
            await _lost.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        if (!_lost.IsCancellationRequested)
        {
            try
            {
                await _lease.ReleaseAsync();
            }
            catch (RequestFailedException ex)
            {
                LogReleaseFailed(_logger, ex); // it expires by itself within a minute
            }
        }
        _stop.Dispose();
        _lost.Dispose();
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Renewing the backup lock lease failed; trying again")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Error, Message = "The backup lock lease was lost; the run is cancelled")]
    private static partial void LogLost(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Releasing the backup lock lease failed; it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
