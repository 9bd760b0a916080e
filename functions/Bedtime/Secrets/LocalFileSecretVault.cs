using System.Security.Cryptography;
using System.Text.Json;

namespace Bedtime.Secrets;

/// <summary>
/// A development vault in one JSON file, with Key Vault's semantics (versions, enabled, expiry, tags).
/// Writes go to a temporary file then replace the original, under a lock file, so two local processes
/// sharing it cannot lose each other's versions.
/// </summary>
public sealed class LocalFileSecretVault(string path, TimeProvider clock) : ISecretVault
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<SecretValue?> GetCurrentAsync(string name, CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        var current = Versions(file, name).Where(v => v.Enabled).MaxBy(v => v.CreatedOn);
        return current is null ? null : ToValue(name, current);
    }

    public async Task<SecretValue?> GetVersionAsync(string name, string version, CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        var found = Versions(file, name).FirstOrDefault(v => v.Version == version && v.Enabled);
        return found is null ? null : ToValue(name, found);
    }

    public async Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        return Versions(file, name).Select(v => ToInfo(name, v)).ToList();
    }

    public Task<SecretVersionInfo> AddVersionAsync(string name, string value, DateTimeOffset? expiresOn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        UpdateAsync(file =>
        {
            var stored = new StoredVersion(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), value, true,
                clock.GetUtcNow(), expiresOn, new Dictionary<string, string>(tags));
            if (!file.Secrets.TryGetValue(name, out var list)) file.Secrets[name] = list = [];
            list.Add(stored);
            return ToInfo(name, stored);
        }, cancellationToken);

    public Task SetEnabledAsync(string name, string version, bool enabled, CancellationToken cancellationToken) =>
        ChangeVersionAsync(name, version, v => v with { Enabled = enabled }, cancellationToken);

    public Task SetExpiryAsync(string name, string version, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        ChangeVersionAsync(name, version, v => v with { ExpiresOn = expiresOn }, cancellationToken);

    public async Task CheckAccessAsync(CancellationToken cancellationToken) => await ReadAsync(cancellationToken);

    private Task<bool> ChangeVersionAsync(string name, string version, Func<StoredVersion, StoredVersion> change, CancellationToken cancellationToken) =>
        UpdateAsync(file =>
        {
            var list = Versions(file, name);
            var index = list.FindIndex(v => v.Version == version);
            if (index < 0) throw new KeyNotFoundException($"Secret '{name}' has no version '{version}'.");
            list[index] = change(list[index]);
            return true;
        }, cancellationToken);

    private static List<StoredVersion> Versions(VaultFile file, string name) =>
        file.Secrets.TryGetValue(name, out var list) ? list : [];

    private static SecretVersionInfo ToInfo(string name, StoredVersion v) =>
        new(name, v.Version, v.Enabled, v.CreatedOn, v.ExpiresOn, v.Tags);

    private static SecretValue ToValue(string name, StoredVersion v) => new(ToInfo(name, v), v.Value);

    private async Task<VaultFile> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return new VaultFile();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return await JsonSerializer.DeserializeAsync<VaultFile>(stream, Json, cancellationToken) ?? new VaultFile();
    }

    private async Task<T> UpdateAsync<T>(Func<VaultFile, T> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            CreateOwnerOnlyDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await using var crossProcessLock = await AcquireLockFileAsync(cancellationToken);
            var file = await ReadAsync(cancellationToken);
            var result = change(file);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await using (var stream = new FileStream(temporary, OwnerOnly(FileMode.CreateNew, FileAccess.Write)))
                await JsonSerializer.SerializeAsync(stream, file, Json, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    // The file holds signing and API key material: readable and writable by its owner only (0600, folder 0700).
    private static FileStreamOptions OwnerOnly(FileMode mode, FileAccess access, FileShare share = FileShare.None, FileOptions options = FileOptions.None)
    {
        var streamOptions = new FileStreamOptions { Mode = mode, Access = access, Share = share, Options = options, BufferSize = 1 };
        if (!OperatingSystem.IsWindows()) streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return streamOptions;
    }

    private static void CreateOwnerOnlyDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private async Task<FileStream> AcquireLockFileAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path + ".lock", OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose));
            }
            catch (IOException) when (attempt < 200)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken); // I/O contention, not business time
            }
        }
    }

    private sealed class VaultFile
    {
        public Dictionary<string, List<StoredVersion>> Secrets { get; set; } = new(StringComparer.Ordinal);
    }

    private sealed record StoredVersion(string Version, string Value, bool Enabled, DateTimeOffset CreatedOn, DateTimeOffset? ExpiresOn, Dictionary<string, string> Tags);
}
