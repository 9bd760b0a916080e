using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Bedtime.Http;
using Bedtime.Secrets;
using Bedtime.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bedtime.Local.Security;

/// <summary>
/// <c>POST /api/dev/token</c>, local runner only and off unless <c>Auth:DevelopmentTokens</c> is true: mints a token
/// for any subject and roles, signed with the development key from the vault (created on first use).
/// </summary>
public sealed class DevelopmentTokenHandler(IOptions<AuthOptions> options, ISecretVault vault, VaultKeyCache keys, JsonBody json, TimeProvider clock) : IApiHandler
{
    public const string Route = "dev/token";

    /// <summary>
    /// The Functions host serves this route outside the app's pipeline, so it answers CORS itself, with the app's rules:
    /// the reference web app signs in from its own origin.
    /// </summary>
    public async Task HandleWithCorsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var cors = context.RequestServices.GetRequiredService<IOptions<CorsOptions>>().Value;
        if (await Cors.AnsweredAsync(context, cors.Origins(), cors.PreflightMaxAgeSeconds)) return;
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await ProblemResult.WriteAsync(context, ApiError.MethodNotAllowed());
            return;
        }
        await (await HandleAsync(context, cancellationToken)).ExecuteAsync(context);
    }

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.DevelopmentTokens)
            return new ProblemResult(ApiError.RouteNotFound());
        var body = await json.ReadAsync<TokenRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess) return new ProblemResult(body.Error!);

        var key = await SigningKeyAsync(settings, cancellationToken);
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromMinutes(body.Value.LifetimeMinutes ?? 60);
        var claims = new Dictionary<string, object> { ["sub"] = body.Value.Sub };
        if (body.Value.Roles is { Count: > 0 } roles) claims["roles"] = roles.ToArray();
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.DevelopmentIssuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), SecurityAlgorithms.HmacSha256),
        });
        return Results.Json(new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds), JsonDefaults.Options);
    }

    /// <summary>
    /// Creates the signing key now if there is none. A host whose worker validates tokens in another process calls it
    /// at start: that process caches the vault's keys, and would not see a key created later for a while.
    /// </summary>
    public Task EnsureSigningKeyAsync(CancellationToken cancellationToken) =>
        options.Value.DevelopmentTokens ? SigningKeyAsync(options.Value, cancellationToken) : Task.CompletedTask;

    private async Task<string> SigningKeyAsync(AuthOptions settings, CancellationToken cancellationToken)
    {
        if (await vault.GetCurrentAsync(settings.DevelopmentSigningKeySecret, cancellationToken) is { } current)
            return current.Value;
        var created = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await vault.AddVersionAsync(settings.DevelopmentSigningKeySecret, created, null, new Dictionary<string, string> { ["owner"] = "bedtime" }, cancellationToken);
        keys.Invalidate(settings.DevelopmentSigningKeySecret);
        return created;
    }

    public sealed record TokenRequest(
        [property: Required, RegularExpression("^[A-Za-z0-9_.:@-]{1,128}$")] string Sub,
        [property: MaxLength(10)] IReadOnlyList<string>? Roles = null,
        [property: Range(1, 24 * 60)] int? LifetimeMinutes = null);

    private sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
}
