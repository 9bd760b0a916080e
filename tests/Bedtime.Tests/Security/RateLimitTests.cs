using System.Net;
using System.Net.Http.Headers;
using Bedtime.Local.StandIns;
using Bedtime.Platform.Cosmos;
using Bedtime.Security.RateLimiting;
using Bedtime.Stories.Writing;
using Bedtime.Tests.Integration;
using Bedtime.Tests.Stories;
using Bedtime.Tests.TestSupport;
using Bedtime.Tests.Uploads;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Security;

/// <summary>
/// Rate limits as clients meet them, counted in the Cosmos DB stand-in. The runners' clock is fixed at 12:00:10 so the
/// windows are known (a minute window has 50 s left, a 15-minute one 890 s).
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class RateLimitTests(StandInsFixture standIns, ITestOutputHelper output)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 10, TimeSpan.Zero));

    [Fact]
    public async Task A_successful_response_reports_the_limit_what_is_left_and_when_it_resets()
    {
        await using var app = await StartAsync();
        using var mia = await app.ClientForAsync("parent-mia");

        using var first = await mia.GetAsync("/api/stories");
        using var second = await mia.GetAsync("/api/stories");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(("300", "299", "890"), RateLimitHeaders(first));
        Assert.Equal(("300", "298", "890"), RateLimitHeaders(second));
    }

    [Fact]
    public async Task The_fourth_story_in_a_minute_is_a_429_problem_with_Retry_After_and_the_security_headers()
    {
        await using var app = await StartAsync();
        using var mia = await app.ClientForAsync("parent-mia");

        var accepted = new List<(string, string, string)>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted.Add(RateLimitHeaders(response));
        }
        using var refused = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));

        Assert.Equal([("3", "2", "50"), ("3", "1", "50"), ("3", "0", "50")], accepted);
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(50), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(("3", "0", "50"), RateLimitHeaders(refused));
        Assert.Equal("nosniff", string.Join(",", refused.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", refused.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task A_story_request_refused_as_the_clients_mistake_costs_no_story_permit()
    {
        await using var app = await StartAsync();
        using var mia = await app.ClientForAsync("parent-mia");

        var mistakes = new List<(HttpStatusCode, string)>();
        foreach (var body in new[] { """{"childName":"Mia","age":40,"theme":"space"}""", """{"childName":"Mia","age":5,"theme":"guns and blood"}""", "not json" })
        {
            using var response = await mia.PostAsync("/api/stories", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            mistakes.Add((response.StatusCode, RateLimitHeaders(response).Remaining));
        }
        var accepted = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
            accepted.Add(response.StatusCode);
        }
        using var fourth = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));

        Assert.Equal([(HttpStatusCode.BadRequest, "3"), (HttpStatusCode.BadRequest, "3"), (HttpStatusCode.BadRequest, "3")], mistakes);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], accepted);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
    }

    [Fact]
    public async Task Mistakes_are_free_only_while_the_general_limit_lasts()
    {
        await using var app = await StartAsync(s => s["RateLimits:General:PermitLimit"] = "2");
        using var mia = await app.ClientForAsync("parent-mia");

        for (var i = 0; i < 3; i++)
        {
            using var mistake = await mia.PostAsync("/api/stories", new StringContent("not json", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, mistake.StatusCode);
        }
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
            answers.Add(response.StatusCode);
        }

        // Two mistakes were given back; the third, past the general limit of 2, kept its story permit.
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task After_the_minute_the_daily_limit_still_counts()
    {
        await using var app = await StartAsync(s => s["RateLimits:StoriesPerDay:PermitLimit"] = "4");
        using var mia = await app.ClientForAsync("parent-mia");
        for (var i = 0; i < 3; i++) (await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()))).Dispose();

        _clock.Advance(TimeSpan.FromMinutes(1));
        using var fourth = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
        using var fifth = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));

        Assert.Equal(HttpStatusCode.Accepted, fourth.StatusCode);
        await Problems.ReadAsync(fifth, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(12 * 3600 - 70), fifth.Headers.RetryAfter?.Delta); // until midnight UTC
    }

    [Fact]
    public async Task Direct_uploads_and_upload_sessions_share_one_limit()
    {
        await using var app = await StartAsync(s => s["RateLimits:Uploads:PermitLimit"] = "2");
        using var mia = await app.ClientForAsync("parent-mia");

        using var session = await mia.PostAsync("/api/uploads/sessions", Json("""{"fileName":"a.wav","contentType":"audio/wav","sizeBytes":100}"""));
        using var upload = await mia.PostAsync("/api/uploads", new ByteArrayContent(SampleFiles.Utf8Text) { Headers = { ContentType = new("text/plain") } });
        using var third = await mia.PostAsync("/api/uploads/sessions", Json("""{"fileName":"b.wav","contentType":"audio/wav","sizeBytes":100}"""));
        using var reading = await mia.GetAsync("/api/uploads");

        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        await Problems.ReadAsync(third, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(3590), third.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, reading.StatusCode);
    }

    [Fact]
    public async Task Data_exports_have_their_own_limit_per_user()
    {
        await using var app = await StartAsync(s => s["RateLimits:Exports:PermitLimit"] = "2");
        using var mia = await app.ClientForAsync("parent-mia");
        using var leo = await app.ClientForAsync("parent-leo");

        using var first = await mia.GetAsync("/api/me/export");
        using var second = await mia.GetAsync("/api/me/export");
        using var third = await mia.GetAsync("/api/me/export");
        using var others = await leo.GetAsync("/api/me/export");
        using var reading = await mia.GetAsync("/api/stories");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        await Problems.ReadAsync(third, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reading.StatusCode);
    }

    [Fact]
    public async Task Anonymous_routes_count_per_client_address_and_user_routes_per_user()
    {
        await using var app = await StartAsync(s => s["RateLimits:General:PermitLimit"] = "3");
        using var mia = await app.ClientForAsync("parent-mia"); // the token route is anonymous: 1 of the address's 3

        using var health = await app.Client.GetAsync("/api/health");
        using var openApi = await mia.GetAsync("/api/openapi.json"); // anonymous route: by address even with a token
        using var refused = await app.Client.GetAsync("/api/health");
        using var own = await mia.GetAsync("/api/stories");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(("3", "2", "890"), RateLimitHeaders(own));
    }

    [Fact]
    public async Task Two_instances_sharing_the_store_admit_at_most_the_limit_together()
    {
        var shared = standIns.RunnerSettings();
        await using var first = await StartAsync(s => Share(s, shared));
        await using var second = await StartAsync(s => Share(s, shared));
        using var onFirst = await first.ClientForAsync("parent-mia");
        var token = onFirst.DefaultRequestHeaders.Authorization!;
        using var onSecond = new HttpClient { BaseAddress = second.Address };
        onSecond.DefaultRequestHeaders.Authorization = token;
        var clients = new[] { onFirst, onSecond };

        var started = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            clients[i % 2].PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()))));
        started.Stop();

        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        output.WriteLine($"20 concurrent story requests over two runners in {started.ElapsedMilliseconds} ms: {accepted} × 202, {refused.Count} × 429 " +
            $"(first runner {responses.Where((_, i) => i % 2 == 0).Count(r => r.StatusCode == HttpStatusCode.Accepted)} × 202, " +
            $"second {responses.Where((_, i) => i % 2 == 1).Count(r => r.StatusCode == HttpStatusCode.Accepted)} × 202)");
        Assert.Equal(3, accepted);
        Assert.Equal(17, refused.Count);
        Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(50), r.Headers.RetryAfter?.Delta));
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task When_the_counter_store_is_unreachable_reads_go_on_but_story_creation_is_a_503_with_Retry_After()
    {
        using var nowhere = CosmosClientFactory.Create(new CosmosOptions
        {
            Endpoint = $"http://127.0.0.1:{FreePort.Next()}/", Key = LocalStandIns.CosmosKey, ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true,
        }, new Azure.Identity.DefaultAzureCredential());
        await using var app = await StartAsync(
            s => s["RateLimits:StoreTimeout"] = "00:00:01",
            s => s.AddSingleton<IRateLimitCounter>(new CosmosRateLimitCounter(nowhere.GetContainer("bedtime", "expiring"))));
        using var mia = await app.ClientForAsync("parent-mia");

        using var list = await mia.GetAsync("/api/stories");
        using var story = await mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.False(list.Headers.Contains("RateLimit-Remaining"));
        var problem = await Problems.ReadAsync(story, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("service_unavailable", problem.GetProperty("code").GetString());
        Assert.NotNull(story.Headers.RetryAfter?.Delta);
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Rate-limit store unavailable", StringComparison.Ordinal));
    }

    private static void Share(Dictionary<string, string?> settings, Dictionary<string, string?> shared)
    {
        settings["Cosmos:Database"] = shared["Cosmos:Database"];
        settings["LocalVault:Path"] = shared["LocalVault:Path"];
    }

    private Task<RunningApp> StartAsync(Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null) =>
        standIns.StartRunnerAsync(s =>
        {
            s["Auth:DevelopmentTokens"] = "true";
            s["RateLimits:General:PermitLimit"] = "300";
            s["RateLimits:StoriesPerMinute:PermitLimit"] = "3";
            s["RateLimits:StoriesPerDay:PermitLimit"] = "50";
            s["RateLimits:Uploads:PermitLimit"] = "10";
            settings?.Invoke(s);
        }, s =>
        {
            s.AddSingleton<TimeProvider>(_clock).AddSingleton<IStoryWriter>(new ScriptedStoryWriter());
            services?.Invoke(s);
        });

    private static (string Limit, string Remaining, string Reset) RateLimitHeaders(HttpResponseMessage response) =>
        (Header(response, "RateLimit-Limit"), Header(response, "RateLimit-Remaining"), Header(response, "RateLimit-Reset"));

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
