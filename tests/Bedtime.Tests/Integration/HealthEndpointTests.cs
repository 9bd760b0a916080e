using System.Net;
using System.Text.Json;
using Bedtime.Local.StandIns;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Integration;

[Collection(StandInsCollection.Name)]
public sealed class HealthEndpointTests(StandInsFixture standIns)
{
    [Fact]
    public async Task Health_is_healthy_with_every_dependency_checked()
    {
        await using var app = await standIns.StartRunnerAsync();

        using var response = await app.Client.GetAsync("/api/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        foreach (var name in new[] { "cosmos", "blobs", "queues", "secrets" })
            Assert.Equal("healthy", checks.GetProperty(name).GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("version").GetString()));
        Assert.True(body.RootElement.GetProperty("uptimeSeconds").GetInt64() >= 0);
    }

    [Fact]
    public async Task Without_a_Cosmos_key_or_an_identity_health_reports_Cosmos_unhealthy_instead_of_failing()
    {
        // No key and no managed identity here: every credential in DefaultAzureCredential's chain is unavailable.
        await using var app = await standIns.StartRunnerAsync(s =>
        {
            s["Cosmos:Key"] = "";
            s["Provisioning:CreateOnStart"] = "false";
        });

        using var response = await app.Client.GetAsync("/api/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body.RootElement.GetProperty("checks").GetProperty("cosmos").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_turns_503_unhealthy_within_ten_seconds_when_Cosmos_stops_and_recovers_when_it_is_back()
    {
        // A Cosmos stand-in of this test's own, on a fixed port, so it can be stopped and brought back at the same address.
        await using var own = new LocalStandIns();
        var port = FreePort.Next();
        var dataFile = Path.Combine(Path.GetTempPath(), "bedtime-tests", Guid.NewGuid().ToString("N"), "cosmos.json");
        await own.StartCosmosAsync(StandInsFixture.ToolsDirectory, port, CancellationToken.None, dataFile);
        var settings = standIns.RunnerSettings(own.CosmosEndpoint);
        await using var app = await RunningApp.StartAsync(settings);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/health")).StatusCode);

        await own.StopCosmosAsync();
        var stoppedAt = DateTime.UtcNow;
        Assert.True(await Eventually.TrueAsync(async () => await StatusAsync(app) == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10)));
        Assert.True(DateTime.UtcNow - stoppedAt < TimeSpan.FromSeconds(10));
        using (var down = await app.Client.GetAsync("/api/health"))
        {
            using var body = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
            Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("unhealthy", body.RootElement.GetProperty("checks").GetProperty("cosmos").GetProperty("status").GetString());
            Assert.Equal("healthy", body.RootElement.GetProperty("checks").GetProperty("blobs").GetProperty("status").GetString());
        }

        await own.StartCosmosAsync(StandInsFixture.ToolsDirectory, port, CancellationToken.None, dataFile);
        Assert.True(await Eventually.TrueAsync(async () => await StatusAsync(app) == HttpStatusCode.OK, TimeSpan.FromSeconds(30)));
    }

    private static async Task<HttpStatusCode> StatusAsync(RunningApp app)
    {
        using var response = await app.Client.GetAsync("/api/health");
        return response.StatusCode;
    }
}
