using Bedtime.Secrets;

namespace Bedtime.Security;

/// <summary>
/// The enabled, unexpired versions of a vault secret, cached briefly so that authentication does not cost a vault
/// call per request. Rotation keeps the previous version enabled through its overlap window, so both verify.
/// </summary>
public sealed class VaultKeyCache(ISecretVault vault, TimeProvider clock)
{
    private readonly Dictionary<string, (DateTimeOffset Until, IReadOnlyList<string> Values)> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlyList<string>> ValidValuesAsync(string secretName, TimeSpan cacheFor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_cache)
            if (_cache.TryGetValue(secretName, out var cached) && cached.Until > now) return cached.Values;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var versions = await vault.ListVersionsAsync(secretName, cancellationToken);
            var values = new List<string>();
            foreach (var version in versions.Where(v => v.Enabled && (v.ExpiresOn is null || v.ExpiresOn > now)).OrderByDescending(v => v.CreatedOn))
                if (await vault.GetVersionAsync(secretName, version.Version, cancellationToken) is { } value)
                    values.Add(value.Value);
            lock (_cache) _cache[secretName] = (now + cacheFor, values);
            return values;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate(string secretName)
    {
        lock (_cache) _cache.Remove(secretName);
    }
}
