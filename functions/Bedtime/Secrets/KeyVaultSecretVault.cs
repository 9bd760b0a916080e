using System.Text.Json;
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
        catch (RequestFailedException ex) when (ex.Status == 404 || IsDisabled(ex))
        {
            // A disabled version is refused with 403; the caller treats it as absent, as it does a missing one.
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
        var addressed = Addressed(name, version);
        addressed.Enabled = enabled;
        await client.UpdateSecretPropertiesAsync(addressed, cancellationToken);
    }

    public async Task SetExpiryAsync(string name, string version, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var addressed = Addressed(name, version);
        addressed.ExpiresOn = expiresOn;
        await client.UpdateSecretPropertiesAsync(addressed, cancellationToken);
    }

    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in client.GetPropertiesOfSecretsAsync(cancellationToken).AsPages(pageSizeHint: 1))
            return;
    }

    // The id form addresses one version; SecretProperties(name) alone would address none. Only the attributes
    // set on it are sent, so the others (and the tags) stay as they are.
    private SecretProperties Addressed(string name, string version) =>
        new(new Uri(client.VaultUri, $"secrets/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(version)}"));

    /// <summary>
    /// Key Vault answers 403 "Forbidden" both for a disabled version and for a caller without permission; only the
    /// inner error code <c>SecretDisabled</c> tells them apart, and a missing permission must not look like "no secret".
    /// </summary>
    private static bool IsDisabled(RequestFailedException ex)
    {
        if (ex.Status != 403 || ex.GetRawResponse()?.Content is not { } content) return false;
        try
        {
            using var body = JsonDocument.Parse(content);
            return body.RootElement.TryGetProperty("error", out var error)
                && error.TryGetProperty("innererror", out var inner)
                && inner.TryGetProperty("code", out var code)
                && code.ValueEquals("SecretDisabled");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static SecretVersionInfo ToInfo(SecretProperties p) =>
        new(p.Name, p.Version, p.Enabled ?? true, p.CreatedOn ?? DateTimeOffset.MinValue, p.ExpiresOn,
            p.Tags.ToDictionary(StringComparer.Ordinal));
}
