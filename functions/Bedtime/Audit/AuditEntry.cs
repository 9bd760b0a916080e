using System.Globalization;
using System.Text.Json.Serialization;

namespace Bedtime.Audit;

public static class AuditOutcome
{
    public const string Succeeded = "succeeded";
    public const string Accepted = "accepted";
    public const string Refused = "refused";
    public const string Failed = "failed";

    /// <summary>What an HTTP status says about the request: 202 accepted, other 2xx/3xx succeeded, 4xx refused, 5xx failed.</summary>
    public static string OfStatus(int status) => status switch
    {
        202 => Accepted,
        < 400 => Succeeded,
        < 500 => Refused,
        _ => Failed,
    };
}

/// <summary>
/// One privileged or destructive action, appended to the <c>audit</c> container and never changed: who (an owner or
/// admin hash, <c>service</c>, <c>timer</c> or <c>anonymous</c>), what, on what, how it ended, the request, when. One
/// partition per UTC day (<see cref="PartitionOf"/>), so a time range reads whole days, newest first. No secret, token
/// or story text is ever in it: only names, ids and hashes.
/// </summary>
public sealed record AuditEntry
{
    public required string Id { get; init; }
    /// <summary>The partition key of the container (<c>/ownerId</c>, like every container): the entry's day.</summary>
    public required string OwnerId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public string? Target { get; init; }
    public required string Outcome { get; init; }
    /// <summary>The HTTP status, for actions taken by a request.</summary>
    public int? Status { get; init; }
    public string? RequestId { get; init; }
    /// <summary>Seconds to live (Cosmos DB <c>ttl</c>): the audit retention.</summary>
    public int Ttl { get; init; }

    public const string PartitionPrefix = "audit:";

    public static string PartitionOf(DateTimeOffset at) => PartitionPrefix + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>An entry as <c>GET /api/ops/audit</c> lists it.</summary>
public sealed record AuditEntryResource(
    string Id, DateTimeOffset At, string Actor, string Action, string? Target, string Outcome, int? Status, string? RequestId)
{
    public static AuditEntryResource From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.Status, entry.RequestId);
}

public sealed record AuditPage(IReadOnlyList<AuditEntryResource> Items, string? Continuation);
