using System.Net;
using Bedtime.Platform;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Platform;

/// <summary>
/// The local runner with Application Insights pointed at an in-test ingestion endpoint: a story request and the queue job
/// it causes arrive as one operation, the application's metrics arrive as custom metrics, and owners only hashed.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class ApplicationInsightsTelemetryTests(StandInsFixture standIns)
{
    [Fact]
    public async Task A_story_request_and_its_queue_job_are_one_operation_and_metrics_arrive_without_raw_owner_ids()
    {
        await using var ingestion = await ApplicationInsightsIngestion.StartAsync();
        await using var app = await standIns.StartRunnerAsync(s =>
        {
            s["Auth:DevelopmentTokens"] = "true";
            s["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString;
        });
        var owner = "parent-" + Guid.NewGuid().ToString("N");
        using var client = await app.ClientForAsync(owner);

        using var created = await client.PostAsync("/api/stories", RunningAppExtensions.Json(new StoryRequestBuilder().Build()));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var story = await client.GetAsync(location);
            return (await story.JsonAsync()).GetProperty("status").GetString() == "completed";
        }, TimeSpan.FromSeconds(60)), "the story did not complete");

        var telemetry = app.Services.GetRequiredService<TelemetryClient>();
        Envelope? request = null, job = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await telemetry.FlushAsync(CancellationToken.None);
            var items = ingestion.Envelopes;
            request = items.FirstOrDefault(e => e is { BaseType: "RequestData", Name: "POST /api/stories" });
            job = items.FirstOrDefault(e => e is { BaseType: "RequestData", Name: "story-job" });
            return request is not null && job is not null && items.SelectMany(e => e.MetricNames).Contains(TelemetryNames.StoriesRequested);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)), "telemetry did not arrive: " + string.Join(", ", ingestion.Envelopes.Select(e => $"{e.BaseType}:{e.Name}")));

        Assert.Equal("202", request!.BaseData.GetProperty("responseCode").GetString());
        Assert.NotNull(request.OperationId);
        Assert.Equal(request.OperationId, job!.OperationId);
        Assert.True(job.BaseData.GetProperty("success").GetBoolean());
        Assert.Contains(ingestion.Envelopes.SelectMany(e => e.MetricNames), name => name == TelemetryNames.StoriesCompleted);
        Assert.DoesNotContain(owner, ingestion.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_connection_string_the_runner_sends_no_telemetry_and_has_no_client()
    {
        await using var app = await standIns.StartRunnerAsync();

        Assert.Null(app.Services.GetService<TelemetryClient>());
        using var health = await app.Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
