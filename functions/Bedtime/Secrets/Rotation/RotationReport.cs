namespace Bedtime.Secrets.Rotation;

/// <summary>What one rotation run did: the body of <c>POST /api/ops/secrets/rotate</c>. Never carries a secret value.</summary>
public sealed record RotationReport(
    DateTimeOffset RanAt,
    IReadOnlyList<RotatedSecret> Rotated,
    IReadOnlyList<KeptSecret> Kept,
    IReadOnlyList<DisabledVersion> Disabled,
    IReadOnlyList<SecretWarning> Warnings);

/// <param name="Reason"><c>missing</c> (created) or <c>due</c> (older than the rotation period, or expired).</param>
/// <param name="PreviousValidUntil">Until when the previous version still works (the overlap window); null when there was none.</param>
public sealed record RotatedSecret(string Name, string Version, string Reason, DateTimeOffset ExpiresOn, string? PreviousVersion, DateTimeOffset? PreviousValidUntil);

public sealed record KeptSecret(string Name, string Version, DateTimeOffset RotationDue);

/// <param name="Reason"><c>overlap_ended</c> (its window is over) or <c>superseded</c> (older than the previous version).</param>
public sealed record DisabledVersion(string Name, string Version, string Reason);

/// <param name="Reason"><c>expiring</c>, <c>expired</c> or <c>missing</c>.</param>
public sealed record SecretWarning(string Name, string Reason, DateTimeOffset? ExpiresOn, double? DaysLeft);
