using System.ComponentModel.DataAnnotations;

namespace Bedtime.Security;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>OIDC issuer whose metadata and signing keys (JWKS) validate end-user tokens, e.g. an Entra ID tenant.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    [Required]
    public string Audience { get; set; } = "api://bedtime";

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Accept tokens signed by the local development key (local runner only; never set in Azure).</summary>
    public bool DevelopmentTokens { get; set; }

    public string DevelopmentIssuer { get; set; } = "https://bedtime.local/dev";

    /// <summary>Vault secret holding the development signing key (rotated like every app-owned secret).</summary>
    public string DevelopmentSigningKeySecret { get; set; } = "dev-token-signing-key";

    /// <summary>Vault secret whose enabled versions are the valid service API keys.</summary>
    public string ApiKeySecret { get; set; } = "api-key-material";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(60);
}
