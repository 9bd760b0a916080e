using Bedtime.Secrets;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Secrets;

public sealed class LocalFileSecretVaultTests : IDisposable
{
    private static readonly Dictionary<string, string> NoTags = [];
    private readonly string _path = Path.Combine(Path.GetTempPath(), "bedtime-tests", Guid.NewGuid().ToString("N"), "vault.json");
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_missing_secret_has_no_current_value_and_no_versions()
    {
        var vault = new LocalFileSecretVault(_path, _clock);

        Assert.Null(await vault.GetCurrentAsync("nothing", CancellationToken.None));
        Assert.Empty(await vault.ListVersionsAsync("nothing", CancellationToken.None));
    }

    [Fact]
    public async Task The_current_value_is_the_newest_enabled_version()
    {
        var vault = new LocalFileSecretVault(_path, _clock);
        var first = await vault.AddVersionAsync("key", "one", null, NoTags, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await vault.AddVersionAsync("key", "two", _clock.GetUtcNow().AddDays(30), new Dictionary<string, string> { ["rotatedBy"] = "test" }, CancellationToken.None);

        Assert.Equal("two", (await vault.GetCurrentAsync("key", CancellationToken.None))!.Value);

        await vault.SetEnabledAsync("key", second.Version, false, CancellationToken.None);

        Assert.Equal("one", (await vault.GetCurrentAsync("key", CancellationToken.None))!.Value);
        Assert.Null(await vault.GetVersionAsync("key", second.Version, CancellationToken.None));
        var versions = await vault.ListVersionsAsync("key", CancellationToken.None);
        Assert.Equal([first.Version, second.Version], versions.Select(v => v.Version));
        Assert.Equal("test", versions[1].Tags["rotatedBy"]);
        Assert.Equal(_clock.GetUtcNow().AddDays(30), versions[1].ExpiresOn);
    }

    [Fact]
    public async Task Versions_survive_a_new_vault_instance_over_the_same_file()
    {
        await new LocalFileSecretVault(_path, _clock).AddVersionAsync("key", "kept", null, NoTags, CancellationToken.None);

        var reopened = new LocalFileSecretVault(_path, _clock);

        Assert.Equal("kept", (await reopened.GetCurrentAsync("key", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Two_vault_instances_writing_at_once_lose_no_version()
    {
        var a = new LocalFileSecretVault(_path, _clock);
        var b = new LocalFileSecretVault(_path, _clock);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).AddVersionAsync("key", $"v{i}", null, NoTags, CancellationToken.None)));

        Assert.Equal(20, (await a.ListVersionsAsync("key", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Disabling_an_unknown_version_fails_loudly()
    {
        var vault = new LocalFileSecretVault(_path, _clock);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => vault.SetEnabledAsync("key", "nope", false, CancellationToken.None));
    }

    public void Dispose()
    {
        var directory = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
