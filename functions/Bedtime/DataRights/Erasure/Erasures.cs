using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Microsoft.Extensions.Logging;

namespace Bedtime.DataRights.Erasure;

/// <summary>
/// Accepts erasures: one at a time per owner (asking again while one runs answers with that one), stored, then queued.
/// When the message cannot be sent, the request is undone and the caller sees the failure.
/// </summary>
public sealed partial class Erasures(DocumentStore<ErasureDocument> erasures, IJobQueue queue, TimeProvider clock, ILogger<Erasures> logger)
{
    public const string JobKind = "erasure";
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(3);

    public Task<ErasureDocument?> GetAsync(string ownerId, CancellationToken cancellationToken) =>
        erasures.GetAsync(ownerId, ErasureDocument.DocumentId, cancellationToken);

    /// <returns>The erasure that runs, or null when another request won a race to start one (asking again shows it).</returns>
    public async Task<ErasureDocument?> AcceptAsync(string ownerId, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(ownerId, cancellationToken);
        if (existing is { IsFinal: false }) return existing;
        var erasure = new ErasureDocument { OwnerId = ownerId, Status = ErasureStatus.Queued, RequestedAt = clock.GetUtcNow() };
        var stored = existing is null
            ? await erasures.CreateAsync(erasure, ownerId, cancellationToken) ? erasure : null
            : await erasures.ReplaceAsync(erasure, erasure.Id, ownerId, existing.ETag, cancellationToken);
        if (stored is null) return null;
        try
        {
            await queue.EnqueueAsync(QueueNames.ErasureJobs, JobMessage.Create(erasure.Id, ownerId, JobKind, clock), cancellationToken);
        }
        catch
        {
            using var undo = new CancellationTokenSource(UndoTimeout);
            await erasures.DeleteAsync(ownerId, erasure.Id, undo.Token);
            throw;
        }
        LogAccepted(logger, OwnerHash.Of(ownerId));
        return stored;
    }

    [LoggerMessage(EventId = 8000, Level = LogLevel.Warning, Message = "Erasure of everything owner {OwnerHash} holds accepted")]
    private static partial void LogAccepted(ILogger logger, string ownerHash);
}
