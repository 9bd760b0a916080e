using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bedtime.Security;

/// <summary>
/// Authenticates a request: a bearer JWT (issuer metadata and JWKS from the configured authority, refreshed on an
/// unknown key id; or, locally, the development key from the vault) or a service API key in <c>X-Api-Key</c>.
/// </summary>
public sealed partial class Authenticator
{
    public const string ApiKeyHeader = "X-Api-Key";
    private static readonly JsonWebTokenHandler Handler;
    private readonly AuthOptions _options;
    private readonly VaultKeyCache _keys;
    private readonly TimeProvider _clock;
    private readonly ILogger<Authenticator> _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _oidc;
    private SigningKeys? _developmentKeys;

    static Authenticator()
    {
        // Microsoft.IdentityModel refreshes signing keys for an unknown key id in the background by default, and the
        // request that asked fails; blocking makes the first token of a newly rotated key valid (at most one fetch per
        // 5 minutes). The library reads the switch once per process, so it is set before this class reads any token.
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);
        Handler = new JsonWebTokenHandler { MapInboundClaims = false };
    }

    public Authenticator(IOptions<AuthOptions> options, VaultKeyCache keys, TimeProvider clock, ILogger<Authenticator> logger)
    {
        (_options, _keys, _clock, _logger) = (options.Value, keys, clock, logger);
        if (!string.IsNullOrEmpty(_options.Authority))
        {
            var metadata = _options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
            _oidc = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = metadata.StartsWith("https://", StringComparison.OrdinalIgnoreCase) });
        }
    }

    public async Task<Result<Caller>> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var apiKey))
            return await ApiKeyAsync(apiKey.ToString(), cancellationToken);

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Unauthorized("Send a bearer token in 'Authorization' or a service key in 'X-Api-Key'.", error: null);
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 16 * 1024)
            return Unauthorized("The bearer token is missing or too large.", "invalid_token");

        var result = await ValidateTokenAsync(token, cancellationToken);
        if (!result.IsValid)
        {
            LogRejected(_logger, result.Exception?.GetType().Name ?? "invalid");
            return Unauthorized("The bearer token is not valid.", "invalid_token");
        }
        var subject = result.ClaimsIdentity.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject) || subject.Length > 128)
            return Unauthorized("The token has no usable subject.", "invalid_token");
        if (Caller.IsReservedOwnerId(subject))
        {
            LogRejected(_logger, "reserved subject");
            return Unauthorized("The token's subject is reserved.", "invalid_token");
        }
        var roles = result.ClaimsIdentity.FindAll("roles").Concat(result.ClaimsIdentity.FindAll("role"))
            .Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(subject, roles, "Bearer");
    }

    private async Task<TokenValidationResult> ValidateTokenAsync(string token, CancellationToken cancellationToken)
    {
        var parameters = new TokenValidationParameters
        {
            ValidAudience = _options.Audience,
            ValidateAudience = true,
            ValidateIssuer = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = _options.ClockSkew,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            LifetimeValidator = (notBefore, expires, _, p) => ValidLifetime(notBefore, expires, p.ClockSkew),
        };

        if (Read(token) is not { } parsed)
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenMalformedException("The token is not a JWS.") };
        // RFC 7515 4.1.11: a token naming header parameters it requires us to understand is refused; we understand none.
        if (parsed.TryGetHeaderValue<object>("crit", out _))
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenException("The token names critical header parameters.") };

        if (_options.DevelopmentTokens && parsed.Issuer == _options.DevelopmentIssuer)
        {
            var values = await _keys.ValidValuesAsync(_options.DevelopmentSigningKeySecret, _options.KeyCacheDuration, cancellationToken);
            parameters.ValidIssuer = _options.DevelopmentIssuer;
            parameters.IssuerSigningKeys = DevelopmentKeys(values);
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            return await Handler.ValidateTokenAsync(parsed, parameters); // parsed once
        }
        if (_oidc is null)
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidIssuerException("No token issuer is configured.") };

        var configuration = await _oidc.GetConfigurationAsync(cancellationToken);
        parameters.ValidIssuer = configuration.Issuer;
        parameters.ConfigurationManager = _oidc; // an unknown 'kid' triggers one metadata refresh, then a retry
        return await Handler.ValidateTokenAsync(parsed, parameters);
    }

    // The default validator reads the wall clock; this one reads the injected clock so expiry is testable.
    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return expires is { } e && now <= e.ToUniversalTime() + skew && (notBefore is not { } nb || now + skew >= nb.ToUniversalTime());
    }

    private static JsonWebToken? Read(string token)
    {
        try { return new JsonWebToken(token); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>
    /// The development signing keys as key objects, rebuilt only when the key cache hands out a new list: building them
    /// per request also rebuilt the library's signature providers (a key thumbprint each time).
    /// </summary>
    private IList<SecurityKey> DevelopmentKeys(IReadOnlyList<string> values)
    {
        var built = _developmentKeys;
        if (built is null || !ReferenceEquals(built.Values, values))
            _developmentKeys = built = new SigningKeys(values, [.. values.Select(v => new SymmetricSecurityKey(Convert.FromBase64String(v)))]);
        return built.Keys;
    }

    private sealed record SigningKeys(IReadOnlyList<string> Values, IList<SecurityKey> Keys);

    private async Task<Result<Caller>> ApiKeyAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length is < 16 or > 256)
            return Unauthorized("The API key is not valid.", "invalid_token");
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var valid = await _keys.ValidValuesAsync(_options.ApiKeySecret, _options.KeyCacheDuration, cancellationToken);
        var match = false;
        // Compare hashes in constant time, and always against every key, so timing reveals neither key nor position.
        foreach (var key in valid)
            match |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return match
            ? new Caller(Caller.ServiceOwnerId, new HashSet<string>(["service"], StringComparer.Ordinal), "ApiKey")
            : Unauthorized("The API key is not valid.", "invalid_token");
    }

    private static ApiError Unauthorized(string detail, string? error) =>
        new(401, "unauthorized", "Authentication is required.", detail)
        {
            WwwAuthenticate = error is null ? "Bearer" : $"Bearer error=\"{error}\"",
        };

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Rejected a bearer token: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
