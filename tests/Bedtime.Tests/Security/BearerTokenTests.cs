using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bedtime.Tests.Security;

/// <summary>
/// End-user bearer tokens against a real OIDC issuer (metadata and JWKS over HTTP), validated by the runner with its
/// clock fixed by the test, so lifetimes and the 2-minute skew are exact.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class BearerTokenTests(StandInsFixture standIns) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private OidcIssuer _issuer = null!;
    private RunningApp _app = null!;

    private DateTimeOffset Now => _clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        _issuer = await OidcIssuer.StartAsync();
        _app = await standIns.StartRunnerAsync(s => s["Auth:Authority"] = _issuer.Authority, s => s.AddSingleton<TimeProvider>(_clock));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_token_from_the_issuer_for_this_audience_is_accepted()
    {
        using var response = await ListStoriesAsync(_issuer.Mint(Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> Rejected => new()
    {
        "expired", "not yet valid", "wrong audience", "wrong issuer", "unsigned (alg none)", "tampered signature",
        "tampered subject", "signed by an unpublished key", "HS256 with the public key as secret", "no expiry", "not a JWT",
        "an unknown critical header", "the service's reserved subject", "the backup operations' partition", "a rate-limit partition",
        "an audit partition",
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_token_that_is_not_valid_is_a_401_problem_with_an_invalid_token_challenge(string kind)
    {
        var token = kind switch
        {
            "expired" => _issuer.Mint(Now, notBefore: TimeSpan.FromHours(-2), expires: TimeSpan.FromMinutes(-10)),
            "not yet valid" => _issuer.Mint(Now, notBefore: TimeSpan.FromMinutes(5), expires: TimeSpan.FromHours(1)),
            "wrong audience" => _issuer.Mint(Now, audience: "api://another-app"),
            "wrong issuer" => _issuer.Mint(Now, issuer: "https://login.example/evil/"),
            "unsigned (alg none)" => _issuer.MintUnsigned(Now),
            "tampered signature" => TokenTampering.FlipSignatureBit(_issuer.Mint(Now)),
            "tampered subject" => TokenTampering.ChangeSubject(_issuer.Mint(Now), "parent-zoe"),
            "signed by an unpublished key" => _issuer.Mint(Now, key: OidcIssuer.NewKey()),
            "HS256 with the public key as secret" => HmacWithPublicKey(),
            "no expiry" => NoExpiry(),
            "not a JWT" => "definitely.not.a-token",
            // RFC 7515: a recipient must refuse a JWS whose 'crit' names a parameter it does not understand.
            "an unknown critical header" => _issuer.Mint(Now, header: new Dictionary<string, object> { ["crit"] = new[] { "x-unknown" }, ["x-unknown"] = true }),
            "the service's reserved subject" => _issuer.Mint(Now, subject: Bedtime.Security.Caller.ServiceOwnerId),
            "the backup operations' partition" => _issuer.Mint(Now, subject: "ops"),
            "a rate-limit partition" => _issuer.Mint(Now, subject: "rl:stories:parent-zoe"),
            "an audit partition" => _issuer.Mint(Now, subject: "audit:2026-12-05"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        using var response = await ListStoriesAsync(token);

        await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain(token.Split('.')[0], await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, true)]   // expired a minute ago: inside the skew
    [InlineData(-3, false)]  // three minutes ago: outside
    public async Task Expiry_allows_two_minutes_of_clock_skew(int expiredMinutesAgo, bool accepted)
    {
        var token = _issuer.Mint(Now, notBefore: TimeSpan.FromHours(-1), expires: TimeSpan.FromMinutes(expiredMinutesAgo));

        using var response = await ListStoriesAsync(token);

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, false)]
    public async Task Not_before_allows_two_minutes_of_clock_skew(int validInMinutes, bool accepted)
    {
        var token = _issuer.Mint(Now, notBefore: TimeSpan.FromMinutes(validInMinutes), expires: TimeSpan.FromHours(1));

        using var response = await ListStoriesAsync(token);

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_stops_working_by_the_apps_clock_two_minutes_after_it_expires()
    {
        var token = _issuer.Mint(Now, expires: TimeSpan.FromMinutes(10));
        using var before = await ListStoriesAsync(token);

        _clock.Advance(TimeSpan.FromMinutes(11));
        using var withinSkew = await ListStoriesAsync(token);
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var after = await ListStoriesAsync(token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withinSkew.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_a_newly_published_key_is_accepted_after_one_metadata_refresh()
    {
        using var first = await ListStoriesAsync(_issuer.Mint(Now));
        var fetchesBefore = (_issuer.MetadataRequests, _issuer.KeySetRequests);

        _issuer.Rotate();
        using var rotated = await ListStoriesAsync(_issuer.Mint(Now));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((1, 1), fetchesBefore);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal((2, 2), (_issuer.MetadataRequests, _issuer.KeySetRequests));
    }

    [Fact]
    public async Task A_flood_of_tokens_with_unknown_key_ids_costs_at_most_one_metadata_refresh()
    {
        using var first = await ListStoriesAsync(_issuer.Mint(Now));

        for (var i = 0; i < 10; i++)
        {
            using var response = await ListStoriesAsync(_issuer.Mint(Now, key: OidcIssuer.NewKey()));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(2, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task An_authorization_header_that_is_not_a_bearer_token_is_a_401_with_a_plain_challenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stories");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("mia:secret")));
        using var response = await _app.Client.SendAsync(request);

        await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    private string HmacWithPublicKey()
    {
        var publicKey = _issuer.Current.Rsa.ExportSubjectPublicKeyInfo();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer.Authority, Audience = "api://bedtime", Claims = new Dictionary<string, object> { ["sub"] = "parent-mia" },
            NotBefore = Now.UtcDateTime, Expires = Now.AddHours(1).UtcDateTime, IssuedAt = Now.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = _issuer.Current.KeyId }, SecurityAlgorithms.HmacSha256),
        });
    }

    private string NoExpiry() =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer.Authority, Audience = "api://bedtime", Claims = new Dictionary<string, object> { ["sub"] = "parent-mia" },
            SigningCredentials = new SigningCredentials(_issuer.Current, SecurityAlgorithms.RsaSha256),
        });

    [Fact]
    public async Task A_user_whose_subject_equals_the_services_owner_id_sees_nothing_of_the_services_data()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await _app.Services.GetRequiredService<Bedtime.Secrets.ISecretVault>().AddVersionAsync("api-key-material", key, null, new Dictionary<string, string>(), CancellationToken.None);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/stories")
        {
            Content = new StringContent("""{"childName":"Mia","age":6,"theme":"the sea","length":"short"}""", Encoding.UTF8, "application/json"),
        };
        create.Headers.Add("X-Api-Key", key);
        using var created = await _app.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);

        using var asUser = await ListStoriesAsync(_issuer.Mint(Now, subject: Bedtime.Security.Caller.ServiceOwnerId));

        await Problems.ReadAsync(asUser, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("Mia", await asUser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> ListStoriesAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stories");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await _app.Client.SendAsync(request);
    }
}
