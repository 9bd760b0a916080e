using Azure;
using Bedtime.Secrets;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Secrets;

/// <summary>The Key Vault adapter through the real <c>SecretClient</c>, against the in-test HTTPS double.</summary>
public sealed class KeyVaultSecretVaultTests : SecretVaultContract
{
    private KeyVaultDouble _double = null!;

    protected override async Task<ISecretVault> CreateVaultAsync()
    {
        _double = await KeyVaultDouble.StartAsync(Clock);
        return new KeyVaultSecretVault(_double.CreateClient());
    }

    [Fact]
    public async Task The_client_answers_the_bearer_challenge_once_with_a_token_for_the_vault_resource()
    {
        var credential = new StaticTokenCredential(KeyVaultDouble.Token);
        var vault = new KeyVaultSecretVault(_double.CreateClient(credential));

        await vault.AddVersionAsync("key", "value", null, NoTags, CancellationToken.None);
        await vault.GetCurrentAsync("key", CancellationToken.None);

        Assert.Equal(1, _double.ChallengesIssued);
        Assert.Contains(KeyVaultDouble.Resource + "/.default", credential.Scopes);
        var first = _double.Requests[0];
        Assert.False(first.Headers.ContainsKey("Authorization"));
        Assert.All(_double.Requests.Skip(1), r => Assert.Equal("Bearer " + KeyVaultDouble.Token, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Listing_follows_next_links_across_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            await Vault.AddVersionAsync("paged", $"v{i}", null, NoTags, CancellationToken.None);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var versions = await Vault.ListVersionsAsync("paged", CancellationToken.None);

        Assert.Equal(5, versions.Count);
        Assert.Equal(3, _double.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/versions", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_vault_that_denies_access_is_an_error_not_a_missing_secret()
    {
        var version = await Vault.AddVersionAsync("key", "value", null, NoTags, CancellationToken.None);
        _double.DenyAccess = true;

        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => Vault.GetVersionAsync("key", version.Version, CancellationToken.None));

        Assert.Equal(403, denied.Status);
        await Assert.ThrowsAsync<RequestFailedException>(() => Vault.CheckAccessAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Changing_an_unknown_version_fails_loudly()
    {
        await Vault.AddVersionAsync("key", "value", null, NoTags, CancellationToken.None);

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => Vault.SetEnabledAsync("key", "0123456789abcdef0123456789abcdef", false, CancellationToken.None));

        Assert.Equal(404, missing.Status);
        Assert.Equal("SecretNotFound", missing.ErrorCode);
    }

    public override async Task DisposeAsync() => await _double.DisposeAsync();
}
