using Microsoft.AspNetCore.Http;

namespace Bedtime.Security;

/// <summary>Who is calling: the owner id (the token's <c>sub</c>, or the service for API keys) and their roles.</summary>
public sealed record Caller(string OwnerId, IReadOnlySet<string> Roles, string Scheme)
{
    public const string AdminRole = "admin";

    /// <summary>
    /// The owner every API-key client acts as. A bearer token whose subject is this value is refused, so no user can
    /// ever read the service's data (and the service's existing documents keep their owner, no migration needed).
    /// </summary>
    public const string ServiceOwnerId = "service";

    /// <summary>
    /// Whether a token subject would collide with an owner id the app gives callers of another kind, or with a partition
    /// the app keeps for itself among the owners' partitions (backup operations, rate-limit windows, audit days): a parent
    /// with such a subject could read those, and erasing their data would erase them.
    /// </summary>
    public static bool IsReservedOwnerId(string subject) =>
        subject is ServiceOwnerId or Backups.Operations.BackupOperation.Partition
        || subject.StartsWith(RateLimiting.FixedWindow.PartitionPrefix, StringComparison.Ordinal)
        || subject.StartsWith(Audit.AuditEntry.PartitionPrefix, StringComparison.Ordinal);
    private static readonly object ItemKey = new();

    public bool IsAdmin => Roles.Contains(AdminRole);

    public static void Set(HttpContext context, Caller caller) => context.Items[ItemKey] = caller;

    /// <summary>The authenticated caller, or null on anonymous routes.</summary>
    public static Caller? Find(HttpContext context) => context.Items.TryGetValue(ItemKey, out var caller) ? caller as Caller : null;

    /// <summary>The authenticated caller. Only routes the pipeline authenticated may ask.</summary>
    public static Caller Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var caller) && caller is Caller c
            ? c
            : throw new InvalidOperationException("The route was not authenticated by the pipeline.");
}
