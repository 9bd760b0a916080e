using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bedtime.Tests.Security;

/// <summary>
/// A real OIDC issuer for tests: Kestrel on 127.0.0.1 serving <c>/.well-known/openid-configuration</c> and its JWKS
/// with RSA keys made here, and minting tokens signed by them. <see cref="Rotate"/> publishes a new key.
/// </summary>
public sealed class OidcIssuer : IAsyncDisposable
{
    private readonly StubServer _server;
    private readonly List<RsaSecurityKey> _published = [];

    private OidcIssuer(StubServer server)
    {
        _server = server;
        Current = NewKey();
        _published.Add(Current);
    }

    public string Authority => _server.BaseUri.AbsoluteUri;
    public RsaSecurityKey Current { get; private set; }
    public int MetadataRequests => _server.Requests.Count(r => r.Path.EndsWith("openid-configuration", StringComparison.Ordinal));
    public int KeySetRequests => _server.Requests.Count(r => r.Path == "/jwks");

    public static async Task<OidcIssuer> StartAsync()
    {
        OidcIssuer? issuer = null;
        var server = await StubServer.StartAsync((_, request, context) => issuer!.AnswerAsync(request, context));
        issuer = new OidcIssuer(server);
        return issuer;
    }

    /// <summary>Publishes a new signing key next to the old one (as issuers do during rollover) and signs with it from now on.</summary>
    public RsaSecurityKey Rotate()
    {
        var key = NewKey();
        lock (_published) _published.Add(key);
        Current = key;
        return key;
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..12] };

    public string Mint(DateTimeOffset now, string subject = "parent-mia", string audience = "api://bedtime", string? issuer = null,
        TimeSpan? notBefore = null, TimeSpan? expires = null, SecurityKey? key = null, IEnumerable<string>? roles = null,
        IDictionary<string, object>? header = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (roles is not null) claims["roles"] = roles.ToArray();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            Claims = claims,
            IssuedAt = (now + (notBefore ?? TimeSpan.Zero)).UtcDateTime,
            NotBefore = (now + (notBefore ?? TimeSpan.Zero)).UtcDateTime,
            Expires = (now + (expires ?? TimeSpan.FromHours(1))).UtcDateTime,
            SigningCredentials = new SigningCredentials(key ?? Current, SecurityAlgorithms.RsaSha256),
            AdditionalHeaderClaims = header,
        });
    }

    /// <summary>The same claims as a signed token would carry, with <c>alg: none</c> and no signature.</summary>
    public string MintUnsigned(DateTimeOffset now, string subject = "parent-mia")
    {
        var header = new { alg = "none", typ = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Authority, ["aud"] = "api://bedtime", ["sub"] = subject,
            ["nbf"] = now.ToUnixTimeSeconds(), ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}.";
    }

    public static string Base64Url(byte[] bytes) => Base64UrlEncoder.Encode(bytes);

    private async Task AnswerAsync(RecordedRequest request, HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (request.Path == "/.well-known/openid-configuration")
        {
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = Authority,
                ["jwks_uri"] = Authority + "jwks",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            }));
            return;
        }
        if (request.Path == "/jwks")
        {
            List<RsaSecurityKey> keys;
            lock (_published) keys = [.. _published];
            var set = keys.Select(k =>
            {
                var p = k.Rsa.ExportParameters(false);
                return new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = k.KeyId, ["n"] = Base64Url(p.Modulus!), ["e"] = Base64Url(p.Exponent!) };
            });
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { keys = set }));
            return;
        }
        context.Response.StatusCode = 404;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

public static class TokenTampering
{
    /// <summary>The token with one bit of its signature flipped.</summary>
    public static string FlipSignatureBit(string token)
    {
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[signature.Length / 2] ^= 0x01;
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>The token claiming another subject, with the original signature.</summary>
    public static string ChangeSubject(string token, string subject)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])))!;
        var changed = payload.ToDictionary(p => p.Key, p => (object)p.Value);
        changed["sub"] = subject;
        return $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(changed))}.{parts[2]}";
    }
}
