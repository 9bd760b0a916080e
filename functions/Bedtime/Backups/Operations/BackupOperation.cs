using System.Text.Json;
using System.Text.Json.Serialization;
using Bedtime.Jobs;

namespace Bedtime.Backups.Operations;

public static class BackupOperationKind
{
    public const string Backup = "backup";
    public const string Verify = "verify";
    public const string Restore = "restore";
}

public static class BackupOperationStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public sealed record OperationError(string Code, string Message);

/// <summary>
/// A backup, verification or restore an operator asked for: a job on the <c>backup-operations</c> queue, whose state
/// lives here (the <c>expiring</c> container, partition <see cref="Partition"/>, gone after <see cref="TimeToLive"/>).
/// Such runs can outlast any request, so the API answers 202 with this document's resource to poll.
/// </summary>
public sealed record BackupOperation
{
    public const string Partition = "ops";
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(7);

    public required string Id { get; init; }
    /// <summary>The partition key of the <c>expiring</c> container (<c>/ownerId</c>): every operation is the service's.</summary>
    public string OwnerId { get; init; } = Partition;
    public required string Kind { get; init; }
    /// <summary>The backup verified or restored; for a backup run, the backup it made once it has one.</summary>
    public string? BackupId { get; init; }
    public RestoreRequest? Restore { get; init; }
    public required string Status { get; init; }
    public int Attempts { get; init; }
    /// <summary>A restore has passed its check that the target was empty and begun writing: a rerun (after a crash)
    /// upserts the same documents over its own earlier writes instead of refusing them.</summary>
    public bool Writing { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset RetryDeadline { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public JsonElement? Result { get; init; }
    public OperationError? Error { get; init; }
    /// <summary>Seconds to live (Cosmos DB <c>ttl</c>).</summary>
    public int Ttl { get; init; } = (int)TimeToLive.TotalSeconds;
    [JsonPropertyName("_etag")] public string? ETag { get; init; }

    [JsonIgnore] public bool IsFinal => Status is BackupOperationStatus.Succeeded or BackupOperationStatus.Failed;
}

/// <summary><c>GET /api/ops/operations/{id}</c>: what an operator polls.</summary>
public sealed record BackupOperationResource(
    string Id, string Kind, string Status, string? BackupId, RestoreRequest? Restore, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset RetryDeadline, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, JsonElement? Result, OperationError? Error)
{
    /// <summary>An operation still queued past its deadline can no longer run (its next attempt fails it, or its job was
    /// never sent): it is shown failed with the deadline's code.</summary>
    public static BackupOperationResource From(BackupOperation operation, DateTimeOffset now)
    {
        var (status, error) = operation.Status == BackupOperationStatus.Queued && now >= operation.RetryDeadline
            ? (BackupOperationStatus.Failed, new OperationError(JobDeadline.Code, JobDeadline.Message(null)))
            : (operation.Status, operation.Error);
        return new(operation.Id, operation.Kind, status, operation.BackupId, operation.Restore, operation.Attempts, operation.CreatedAt,
            operation.RetryDeadline, operation.StartedAt, operation.FinishedAt, operation.Result, error);
    }

    public static string Location(string id) => $"/api/ops/operations/{id}";
}
