namespace Bedtime.Secrets;

public sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    /// <summary>When set, secrets live in this Key Vault; otherwise in the local file vault.</summary>
    public Uri? VaultUri { get; set; }
}

public sealed class LocalVaultOptions
{
    public const string Section = "LocalVault";

    /// <summary>The JSON file of the local vault (development only; keep it out of source control).</summary>
    public string Path { get; set; } = System.IO.Path.Combine(".local", "vault.json");
}
