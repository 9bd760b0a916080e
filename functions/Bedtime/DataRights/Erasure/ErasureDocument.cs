using System.Text.Json.Serialization;

namespace Bedtime.DataRights.Erasure;

public static class ErasureStatus
{
    public const string Queued = "queued";
    public const string Erasing = "erasing";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public sealed record ErasureError(string Code, string Message);

/// <summary>How much an erasure removed: documents by kind, blobs, and short-lived records (idempotency keys, rate-limit
/// windows). What a run cut short by a failure removed is not counted: the figures are a floor.</summary>
public sealed record ErasedCounts(int Stories, int Uploads, int Blobs, int Records)
{
    public static readonly ErasedCounts None = new(0, 0, 0, 0);

    public ErasedCounts Plus(ErasedCounts other) =>
        new(Stories + other.Stories, Uploads + other.Uploads, Blobs + other.Blobs, Records + other.Records);
}

/// <summary>
/// An owner's request to erase everything they hold: the state of its job, in the <c>expiring</c> container under the
/// owner's own partition (the one record the erasure leaves there), gone <see cref="TimeToLive"/> after its last change.
/// </summary>
public sealed record ErasureDocument
{
    public const string DocumentId = "erasure";
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(7);

    public string Id { get; init; } = DocumentId;
    public required string OwnerId { get; init; }
    public string Kind { get; init; } = "erasure";
    public required string Status { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public ErasedCounts Erased { get; init; } = ErasedCounts.None;
    public int Attempts { get; init; }
    public ErasureError? Error { get; init; }
    /// <summary>Seconds to live (Cosmos DB <c>ttl</c>).</summary>
    public int Ttl { get; init; } = (int)TimeToLive.TotalSeconds;
    [JsonPropertyName("_etag")] public string? ETag { get; init; }

    [JsonIgnore] public bool IsFinal => Status is ErasureStatus.Completed or ErasureStatus.Failed;
}

/// <summary><c>GET /api/me/erasure</c>: what the caller polls after <c>DELETE /api/me</c>.</summary>
public sealed record ErasureResource(
    string Status, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, ErasedCounts Erased, ErasureError? Error)
{
    public static ErasureResource From(ErasureDocument erasure) =>
        new(erasure.Status, erasure.RequestedAt, erasure.CompletedAt, erasure.Erased, erasure.Error);
}
