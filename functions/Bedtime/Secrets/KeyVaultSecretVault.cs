using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Bedtime.Secrets;

/// <summary>Key Vault adapter over the official <see cref="SecretClient"/>.</summary>
public sealed class KeyVaultSecretVault(SecretClient client) : ISecretVault
{
    public async Task<SecretValue?> GetCurrentAsync(string name, CancellationToken cancellationToken)
    {
        var newest = (await ListVersionsAsync(name, cancellationToken)).Where(v => v.Enabled).MaxBy(v => v.CreatedOn);
        return newest is null ? null : await GetVersionAsync(name, newest.Version, cancellationToken);
    }

    public async Task<SecretValue?> GetVersionAsync(string name, string version, CancellationToken cancellationToken)
    {
        try
        {
            KeyVaultSecret secret = await client.GetSecretAsync(name, version, cancellationToken);
            return new SecretValue(ToInfo(secret.Properties), secret.Value);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 403 && ex.ErrorCode is "SecretNotFound" or "Forbidden" or null)
        {
            // 403 "Forbidden" here means the version is disabled; the caller treats it as absent.
            return null;
        }
    }

    public async Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        var versions = new List<SecretVersionInfo>();
        try
        {
            await foreach (var properties in client.GetPropertiesOfSecretVersionsAsync(name, cancellationToken))
                versions.Add(ToInfo(properties));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        return versions;
    }

    public async Task<SecretVersionInfo> AddVersionAsync(string name, string value, DateTimeOffset? expiresOn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var secret = new KeyVaultSecret(name, value);
        secret.Properties.ExpiresOn = expiresOn;
        foreach (var (key, tag) in tags) secret.Properties.Tags[key] = tag;
        KeyVaultSecret created = await client.SetSecretAsync(secret, cancellationToken);
        return ToInfo(created.Properties);
    }

    public async Task SetEnabledAsync(string name, string version, bool enabled, CancellationToken cancellationToken)
    {
        // The id form addresses one version; SecretProperties(name) alone would address none.
        var addressed = new SecretProperties(new Uri(client.VaultUri, $"secrets/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(version)}"))
        {
            Enabled = enabled,
        };
        await client.UpdateSecretPropertiesAsync(addressed, cancellationToken);
    }

    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in client.GetPropertiesOfSecretsAsync(cancellationToken).AsPages(pageSizeHint: 1))
            return;
    }

    private static SecretVersionInfo ToInfo(SecretProperties p) =>
        new(p.Name, p.Version, p.Enabled ?? true, p.CreatedOn ?? DateTimeOffset.MinValue, p.ExpiresOn,
            p.Tags.ToDictionary(StringComparer.Ordinal));
}
