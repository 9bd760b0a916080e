using Bedtime.Local.Hosting;
using Bedtime.Secrets;
using Bedtime.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Local;

/// <summary>The runner keeps its vault where the README says (the repository's .local/), owner-only, from any working directory.</summary>
[Collection(StandInsCollection.Name)]
public sealed class LocalRunnerVaultTests(StandInsFixture standIns)
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX
    public async Task A_relative_vault_path_is_the_repositorys_and_the_file_is_owner_only()
    {
        var folder = ".local-test-" + Guid.NewGuid().ToString("N")[..8];
        var relative = Path.Combine(folder, "vault.json");
        var repository = RepositoryRoot.Find();
        try
        {
            await using var app = await standIns.StartRunnerAsync(s => s[LocalDefaults.VaultPathSetting] = relative);
            await app.Services.GetRequiredService<ISecretVault>().AddVersionAsync("probe", "material", null, new Dictionary<string, string>(), CancellationToken.None);

            var expected = Path.Combine(repository, relative);
            Assert.Equal(expected, app.Services.GetRequiredService<IOptions<LocalVaultOptions>>().Value.Path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(expected));
        }
        finally
        {
            Directory.Delete(Path.Combine(repository, folder), recursive: true);
        }
    }
}
