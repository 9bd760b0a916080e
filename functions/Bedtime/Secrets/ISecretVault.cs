namespace Bedtime.Secrets;

/// <summary>One version of a secret, without its value.</summary>
public sealed record SecretVersionInfo(
    string Name, string Version, bool Enabled, DateTimeOffset CreatedOn, DateTimeOffset? ExpiresOn,
    IReadOnlyDictionary<string, string> Tags);

public sealed record SecretValue(SecretVersionInfo Info, string Value);

/// <summary>
/// The secret store port: Key Vault in Azure, a file-backed vault locally. Same semantics in both:
/// versions, enabled flag, expiry, tags; the "current" value is the newest enabled version.
/// </summary>
public interface ISecretVault
{
    Task<SecretValue?> GetCurrentAsync(string name, CancellationToken cancellationToken);
    Task<SecretValue?> GetVersionAsync(string name, string version, CancellationToken cancellationToken);
    Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken);
    Task<SecretVersionInfo> AddVersionAsync(string name, string value, DateTimeOffset? expiresOn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);
    Task SetEnabledAsync(string name, string version, bool enabled, CancellationToken cancellationToken);
    /// <summary>Moves one version's expiry (rotation shortens the previous version's life to the overlap window).</summary>
    Task SetExpiryAsync(string name, string version, DateTimeOffset expiresOn, CancellationToken cancellationToken);
    /// <summary>A cheap call proving the vault is reachable and we are allowed in (health check).</summary>
    Task CheckAccessAsync(CancellationToken cancellationToken);
}
