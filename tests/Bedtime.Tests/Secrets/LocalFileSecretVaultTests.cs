using Bedtime.Secrets;

namespace Bedtime.Tests.Secrets;

public sealed class LocalFileSecretVaultTests : SecretVaultContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "bedtime-tests", Guid.NewGuid().ToString("N"), "vault.json");

    protected override Task<ISecretVault> CreateVaultAsync() => Task.FromResult<ISecretVault>(new LocalFileSecretVault(_path, Clock));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX
    public async Task The_vault_file_and_its_folder_are_readable_by_their_owner_only()
    {
        await Vault.AddVersionAsync("key", "secret material", null, NoTags, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_path)!));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX
    public async Task A_vault_file_created_world_readable_by_an_older_version_becomes_owner_only_on_its_next_write()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await File.WriteAllTextAsync(_path, "{}");
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await Vault.AddVersionAsync("key", "secret material", null, NoTags, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
    }

    [Fact]
    public async Task Versions_survive_a_new_vault_instance_over_the_same_file()
    {
        await Vault.AddVersionAsync("key", "kept", null, NoTags, CancellationToken.None);

        var reopened = new LocalFileSecretVault(_path, Clock);

        Assert.Equal("kept", (await reopened.GetCurrentAsync("key", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Two_vault_instances_writing_at_once_lose_no_version()
    {
        var a = new LocalFileSecretVault(_path, Clock);
        var b = new LocalFileSecretVault(_path, Clock);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).AddVersionAsync("key", $"v{i}", null, NoTags, CancellationToken.None)));

        Assert.Equal(20, (await a.ListVersionsAsync("key", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Changing_an_unknown_version_fails_loudly()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Vault.SetEnabledAsync("key", "nope", false, CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Vault.SetExpiryAsync("key", "nope", Clock.GetUtcNow(), CancellationToken.None));
    }

    public override Task DisposeAsync()
    {
        var directory = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
