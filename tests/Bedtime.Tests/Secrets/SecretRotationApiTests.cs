using System.Net;
using Bedtime.Platform;
using Bedtime.Secrets;
using Bedtime.Security;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Secrets;

/// <summary><c>POST /api/ops/secrets/rotate</c> and the rotation timer, through the local runner.</summary>
[Collection(StandInsCollection.Name)]
public sealed class SecretRotationApiTests(StandInsFixture standIns)
{
    [Fact]
    public async Task An_admin_rotation_creates_the_missing_api_key_which_then_authenticates_service_calls()
    {
        await using var app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true");
        using var admin = await app.ClientForAsync("operator-1", "admin");
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;

        using var response = await admin.PostAsync("/api/ops/secrets/rotate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var report = await response.JsonAsync();
        var rotated = Assert.Single(report.GetProperty("rotated").EnumerateArray());
        Assert.Equal((auth.ApiKeySecret, "missing"), (rotated.GetProperty("name").GetString(), rotated.GetProperty("reason").GetString()));
        // The signing key was made when the admin's token was minted a moment ago: not due yet.
        Assert.Equal(auth.DevelopmentSigningKeySecret, Assert.Single(report.GetProperty("kept").EnumerateArray()).GetProperty("name").GetString());

        var apiKey = (await app.Services.GetRequiredService<ISecretVault>().GetCurrentAsync(auth.ApiKeySecret, CancellationToken.None))!;
        Assert.Equal("admin:" + OwnerHash.Of("operator-1"), apiKey.Info.Tags["rotatedBy"]);
        Assert.DoesNotContain(apiKey.Value, body, StringComparison.Ordinal);
        using var service = new HttpClient { BaseAddress = app.Address };
        service.DefaultRequestHeaders.Add(Authenticator.ApiKeyHeader, apiKey.Value);
        using var stories = await service.GetAsync("/api/stories");
        Assert.Equal(HttpStatusCode.OK, stories.StatusCode);
    }

    [Fact]
    public async Task Rotation_is_refused_without_the_admin_role()
    {
        await using var app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true");
        using var parent = await app.ClientForAsync("parent-1");

        using var forbidden = await parent.PostAsync("/api/ops/secrets/rotate", null);
        using var anonymous = await app.Client.PostAsync("/api/ops/secrets/rotate", null);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<ISecretVault>().GetCurrentAsync("api-key-material", CancellationToken.None));
    }

    [Fact]
    public async Task The_runner_schedules_the_rotation_and_sweeper_timers_from_their_settings()
    {
        await using var app = await standIns.StartRunnerAsync(s => s[ScheduleSettings.Sweeper] = "0 0 3 * * *");
        string[] expected = [$"{FunctionNames.SecretRotationTimer} scheduled '0 30 2 * * *'", $"{FunctionNames.SweeperTimer} scheduled '0 0 3 * * *'"];

        // The jobs host starts in the background (BackgroundService), so its lines may follow the runner's start.
        Assert.True(await Eventually.TrueAsync(
            () => Task.FromResult(expected.All(e => app.Logs.Lines.Any(line => line.Contains(e, StringComparison.Ordinal)))), TimeSpan.FromSeconds(10)),
            string.Join('\n', app.Logs.Lines));
    }
}
