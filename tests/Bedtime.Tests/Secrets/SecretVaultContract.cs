using Bedtime.Secrets;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Secrets;

/// <summary>
/// The behaviour every <see cref="ISecretVault"/> adapter must share, run against each of them (the local file vault,
/// and Key Vault through the real SDK against <see cref="KeyVaultDouble"/>).
/// </summary>
public abstract class SecretVaultContract : IAsyncLifetime
{
    protected static readonly Dictionary<string, string> NoTags = [];

    /// <summary>Starts whole seconds, as Key Vault keeps its timestamps.</summary>
    protected FakeTimeProvider Clock { get; } = new();
    protected ISecretVault Vault { get; private set; } = null!;

    protected abstract Task<ISecretVault> CreateVaultAsync();

    public async Task InitializeAsync() => Vault = await CreateVaultAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_missing_secret_has_no_current_value_and_no_versions()
    {
        Assert.Null(await Vault.GetCurrentAsync("nothing", CancellationToken.None));
        Assert.Null(await Vault.GetVersionAsync("nothing", "0123456789abcdef0123456789abcdef", CancellationToken.None));
        Assert.Empty(await Vault.ListVersionsAsync("nothing", CancellationToken.None));
    }

    [Fact]
    public async Task A_new_version_reports_its_expiry_tags_and_creation_time()
    {
        var expires = Clock.GetUtcNow().AddDays(31);

        var added = await Vault.AddVersionAsync("key", "value-1", expires, new Dictionary<string, string> { ["rotatedBy"] = "test" }, CancellationToken.None);

        Assert.Equal("key", added.Name);
        Assert.True(added.Enabled);
        Assert.Equal(Clock.GetUtcNow(), added.CreatedOn);
        Assert.Equal(expires, added.ExpiresOn);
        Assert.Equal("test", added.Tags["rotatedBy"]);
        var read = await Vault.GetVersionAsync("key", added.Version, CancellationToken.None);
        Assert.Equal("value-1", read!.Value);
        Assert.Equal(added.Version, read.Info.Version);
    }

    [Fact]
    public async Task The_current_value_is_the_newest_enabled_version()
    {
        var first = await Vault.AddVersionAsync("key", "one", null, NoTags, CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Vault.AddVersionAsync("key", "two", null, NoTags, CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await Vault.AddVersionAsync("key", "three", null, NoTags, CancellationToken.None);

        Assert.Equal("three", (await Vault.GetCurrentAsync("key", CancellationToken.None))!.Value);

        await Vault.SetEnabledAsync("key", third.Version, false, CancellationToken.None);

        Assert.Equal("two", (await Vault.GetCurrentAsync("key", CancellationToken.None))!.Value);
        var versions = await Vault.ListVersionsAsync("key", CancellationToken.None);
        Assert.Equal([first.Version, second.Version, third.Version], versions.OrderBy(v => v.CreatedOn).Select(v => v.Version));
        Assert.Equal([true, true, false], versions.OrderBy(v => v.CreatedOn).Select(v => v.Enabled));
    }

    [Fact]
    public async Task A_disabled_version_cannot_be_read_until_it_is_enabled_again()
    {
        var version = await Vault.AddVersionAsync("key", "secret", null, NoTags, CancellationToken.None);

        await Vault.SetEnabledAsync("key", version.Version, false, CancellationToken.None);

        Assert.Null(await Vault.GetVersionAsync("key", version.Version, CancellationToken.None));
        Assert.Null(await Vault.GetCurrentAsync("key", CancellationToken.None));

        await Vault.SetEnabledAsync("key", version.Version, true, CancellationToken.None);

        Assert.Equal("secret", (await Vault.GetVersionAsync("key", version.Version, CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Moving_a_versions_expiry_keeps_it_enabled_with_its_tags()
    {
        var version = await Vault.AddVersionAsync("key", "secret", Clock.GetUtcNow().AddDays(31), new Dictionary<string, string> { ["rotatedBy"] = "timer" }, CancellationToken.None);
        var overlapEnd = Clock.GetUtcNow().AddHours(24);

        await Vault.SetExpiryAsync("key", version.Version, overlapEnd, CancellationToken.None);

        var listed = Assert.Single(await Vault.ListVersionsAsync("key", CancellationToken.None));
        Assert.Equal(overlapEnd, listed.ExpiresOn);
        Assert.True(listed.Enabled);
        Assert.Equal("timer", listed.Tags["rotatedBy"]);
        Assert.Equal("secret", (await Vault.GetVersionAsync("key", version.Version, CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task An_expired_version_is_still_listed_with_its_expiry_for_the_caller_to_judge()
    {
        var version = await Vault.AddVersionAsync("key", "old", Clock.GetUtcNow().AddMinutes(5), NoTags, CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(1));

        var listed = Assert.Single(await Vault.ListVersionsAsync("key", CancellationToken.None));

        Assert.True(listed.ExpiresOn < Clock.GetUtcNow());
        Assert.Equal(version.Version, listed.Version);
    }

    [Fact]
    public async Task Many_versions_are_all_listed()
    {
        for (var i = 0; i < 7; i++)
        {
            await Vault.AddVersionAsync("many", $"v{i}", null, NoTags, CancellationToken.None);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var versions = await Vault.ListVersionsAsync("many", CancellationToken.None);

        Assert.Equal(7, versions.Select(v => v.Version).Distinct().Count());
        Assert.Equal("v6", (await Vault.GetCurrentAsync("many", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Access_is_confirmed_for_an_empty_vault_and_a_filled_one()
    {
        await Vault.CheckAccessAsync(CancellationToken.None);
        await Vault.AddVersionAsync("key", "value", null, NoTags, CancellationToken.None);
        await Vault.CheckAccessAsync(CancellationToken.None);
    }
}
