using System.Net;
using System.Security.Cryptography;
using Bedtime.Secrets;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Security;

/// <summary>
/// Service API keys (<c>X-Api-Key</c>): valid while their vault version is enabled and unexpired; the previous version
/// keeps working through the rotation overlap. The runner's clock is the test's, so cache and expiry are exact.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class ApiKeyTests(StandInsFixture standIns) : IAsyncLifetime
{
    private const string Secret = "api-key-material";
    private static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string> { ["owner"] = "bedtime" };
    private readonly FakeTimeProvider _clock = new();
    private RunningApp _app = null!;
    private ISecretVault _vault = null!;

    public async Task InitializeAsync()
    {
        _app = await standIns.StartRunnerAsync(s => s["Auth:KeyCacheDuration"] = "00:00:05", s => s.AddSingleton<TimeProvider>(_clock));
        _vault = _app.Services.GetRequiredService<ISecretVault>();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_key_whose_version_is_enabled_is_accepted()
    {
        var key = await AddKeyAsync();

        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(key));
    }

    [Fact]
    public async Task A_disabled_version_stops_working_once_the_key_cache_expires()
    {
        var key = await AddKeyAsync();
        var before = await StatusWithKeyAsync(key);
        await _vault.SetEnabledAsync(Secret, await VersionOfAsync(key), enabled: false, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(6));
        var after = await StatusWithKeyAsync(key);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
    }

    [Fact]
    public async Task A_version_stops_working_when_its_expiry_passes()
    {
        var key = await AddKeyAsync(expiresIn: TimeSpan.FromHours(1));
        var before = await StatusWithKeyAsync(key);

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var after = await StatusWithKeyAsync(key);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
    }

    [Fact]
    public async Task During_the_rotation_overlap_the_previous_and_the_current_versions_both_work()
    {
        var previous = await AddKeyAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var current = await AddKeyAsync();
        _clock.Advance(TimeSpan.FromSeconds(6));

        var both = (await StatusWithKeyAsync(previous), await StatusWithKeyAsync(current));
        await _vault.SetEnabledAsync(Secret, await VersionOfAsync(previous), enabled: false, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6));
        var afterOverlap = (await StatusWithKeyAsync(previous), await StatusWithKeyAsync(current));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), both);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), afterOverlap);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("too short")]
    [InlineData("too long")]
    [InlineData("empty")]
    public async Task A_key_that_matches_no_version_is_a_401_problem(string kind)
    {
        var valid = await AddKeyAsync();
        var presented = kind switch
        {
            "wrong" => NewKeyValue(),
            "too short" => valid[..10],
            "too long" => valid + new string('a', 300),
            _ => "",
        };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stories");
        request.Headers.TryAddWithoutValidation("X-Api-Key", presented);
        using var response = await _app.Client.SendAsync(request);

        await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
    }

    private static string NewKeyValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private async Task<string> AddKeyAsync(TimeSpan? expiresIn = null)
    {
        var value = NewKeyValue();
        await _vault.AddVersionAsync(Secret, value, _clock.GetUtcNow() + (expiresIn ?? TimeSpan.FromDays(30)), Tags, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6)); // past the key cache
        return value;
    }

    private async Task<string> VersionOfAsync(string value)
    {
        foreach (var version in await _vault.ListVersionsAsync(Secret, CancellationToken.None))
            if ((await _vault.GetVersionAsync(Secret, version.Version, CancellationToken.None))?.Value == value)
                return version.Version;
        throw new InvalidOperationException("no such key");
    }

    private async Task<HttpStatusCode> StatusWithKeyAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stories");
        request.Headers.Add("X-Api-Key", key);
        using var response = await _app.Client.SendAsync(request);
        return response.StatusCode;
    }
}
