using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.Voices;
using Bedtime.Stories.Writing;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Stories;

/// <summary>The story API as a client uses it, through the local runner, Azurite and the Cosmos stand-in.</summary>
[Collection(StandInsCollection.Name)]
public sealed class StoriesApiTests(StandInsFixture standIns) : IAsyncLifetime
{
    private readonly ScriptedStoryWriter _writer = new();
    private readonly ScriptedNarrator _narrator = new();
    private RunningApp _app = null!;
    private HttpClient _mia = null!;

    public async Task InitializeAsync()
    {
        _app = await standIns.StartRunnerAsync(
            s => s["Auth:DevelopmentTokens"] = "true",
            // Stories created one after another get distinct creation times, so the listing's order is known.
            services => services.AddSingleton<IStoryWriter>(_writer).AddSingleton<INarrator>(_narrator).AddSingleton<TimeProvider>(new StrictlyIncreasingClock()));
        _mia = await _app.ClientForAsync("parent-mia");
    }

    public async Task DisposeAsync()
    {
        _mia.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_requested_story_is_accepted_then_written_narrated_and_served_with_a_working_audio_link()
    {
        using var created = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Narrated().Build()));
        var accepted = await created.JsonAsync();

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        var location = created.Headers.Location!.ToString();
        Assert.Equal($"/api/stories/{accepted.GetProperty("id").GetString()}", location);

        var story = await _mia.PollUntilFinalAsync(location);
        Assert.Equal("completed", story.GetProperty("status").GetString());
        Assert.Equal(100, story.GetProperty("progress").GetInt32());
        Assert.Equal("Mia and the space", story.GetProperty("title").GetString());
        Assert.Equal(3, story.GetProperty("paragraphs").GetArrayLength());
        var audio = story.GetProperty("audio");
        Assert.Equal("audio/wav", audio.GetProperty("contentType").GetString());
        using var download = await new HttpClient().GetAsync(audio.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString((await download.Content.ReadAsByteArrayAsync())[..4]));

        var narration = story.GetProperty("narration");
        Assert.Equal("completed", narration.GetProperty("status").GetString());
        var segments = narration.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], segments.Select(s => s.GetProperty("index").GetInt32()));
        Assert.Equal(JsonValueKind.Null, segments[0].GetProperty("paragraph").ValueKind); // the title first
        Assert.Equal([0.0, 1.0, 2.0, 3.0], segments.Select(s => s.GetProperty("startSeconds").GetDouble()));
        Assert.Equal(audio.GetProperty("durationSeconds").GetDouble(), narration.GetProperty("totalSeconds").GetDouble());
        Assert.Equal("Mia and the space", segments[0].GetProperty("sentences")[0].GetProperty("text").GetString());
        foreach (var segment in segments)
        {
            using var part = await new HttpClient().GetAsync(segment.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        }
    }

    [Fact]
    public async Task A_story_without_narration_completes_with_no_audio()
    {
        using var created = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));

        var story = await _mia.PollUntilFinalAsync(created.Headers.Location!.ToString());

        Assert.Equal("completed", story.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, story.GetProperty("audio").ValueKind);
    }

    [Fact]
    public async Task Polling_with_the_stories_ETag_costs_a_304_until_the_story_changes()
    {
        using var created = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
        var location = created.Headers.Location!.ToString();
        using var first = await _mia.GetAsync(location);
        var queuedTag = first.Headers.ETag!;
        await _mia.PollUntilFinalAsync(location);

        using var changed = await ConditionalGetAsync(location, queuedTag);
        using var unchanged = await ConditionalGetAsync(location, changed.Headers.ETag!);

        Assert.True(queuedTag.IsWeak);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(queuedTag, changed.Headers.ETag);
        Assert.Equal("completed", (await changed.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(changed.Headers.ETag, unchanged.Headers.ETag);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_story_with_audio_links_answers_304_while_the_links_the_client_holds_stay_good()
    {
        using var created = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Narrated().Build()));
        var location = created.Headers.Location!.ToString();
        await _mia.PollUntilFinalAsync(location);
        using var story = await _mia.GetAsync(location);
        var expires = (await story.JsonAsync()).GetProperty("audio").GetProperty("expiresAt").GetDateTimeOffset();

        using var again = await ConditionalGetAsync(location, story.Headers.ETag!);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.True(expires - DateTimeOffset.UtcNow > TimeSpan.FromMinutes(14), $"links expire at {expires}");
    }

    private async Task<HttpResponseMessage> ConditionalGetAsync(string location, System.Net.Http.Headers.EntityTagHeaderValue tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        request.Headers.IfNoneMatch.Add(tag);
        return await _mia.SendAsync(request);
    }

    [Theory]
    [InlineData("childName", "\"R2-D2 <script>\"")]
    [InlineData("childName", "\"\"")]
    [InlineData("childName", "\"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")]
    [InlineData("age", "0")]
    [InlineData("age", "13")]
    [InlineData("age", "\"five\"")]
    [InlineData("length", "\"epic\"")]
    [InlineData("length", "1")]
    [InlineData("language", "\"fr\"")]
    [InlineData("theme", "\"{{braces}}\"")]
    [InlineData("surprise", "true")]
    public async Task An_invalid_field_is_a_400_problem_naming_it(string field, string json)
    {
        var body = new StoryRequestBuilder().With(field, JsonNode.Parse(json)).Build();

        using var response = await _mia.PostAsync("/api/stories", Json(body));

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors: {problem.GetProperty("errors")}");
    }

    [Fact]
    public async Task The_voices_on_offer_are_listed_without_signing_in_and_a_chosen_one_reaches_the_narrator()
    {
        using var anonymous = new HttpClient { BaseAddress = _app.Address };
        var voices = await (await anonymous.GetAsync("/api/voices")).JsonAsync();
        var ids = voices.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetString()).ToList();
        var body = new StoryRequestBuilder().With("narration", JsonNode.Parse("""{"enabled":true,"voice":"sonia"}""")).Build();

        using var created = await _mia.PostAsync("/api/stories", Json(body));
        var story = await _mia.PollUntilFinalAsync(created.Headers.Location!.ToString());

        Assert.Equal(VoiceCatalogue.Presets.Select(p => p.Id), ids);
        Assert.Equal("completed", story.GetProperty("status").GetString());
        Assert.Equal("sonia", story.GetProperty("request").GetProperty("narration").GetProperty("voice").GetString());
        Assert.Equal(VoiceCatalogue.Find("sonia"), _narrator.LastInput?.Voice);
    }

    [Fact]
    public async Task A_narration_voice_that_is_not_in_the_catalogue_is_a_400_problem_naming_it()
    {
        var body = new StoryRequestBuilder().With("narration", JsonNode.Parse("""{"enabled":true,"voice":"<speak>loud</speak>"}""")).Build();

        using var response = await _mia.PostAsync("/api/stories", Json(body));

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("narration.voice", out _), $"errors: {problem.GetProperty("errors")}");
    }

    [Fact]
    public async Task A_theme_that_is_not_for_children_is_refused_with_a_reason()
    {
        using var response = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().With("theme", "a bloody murder").Build()));

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("content_policy", problem.GetProperty("code").GetString());
        Assert.Equal(0, _writer.Calls);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_return_the_same_story_and_another_body_is_a_409()
    {
        var body = new StoryRequestBuilder().With("theme", "dragons").Build();

        using var first = await SendWithKeyAsync("key-123", body);
        using var again = await SendWithKeyAsync("key-123", body);
        using var other = await SendWithKeyAsync("key-123", new StoryRequestBuilder().With("theme", "boats").Build());

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetString(), (await again.JsonAsync()).GetProperty("id").GetString());
        await Problems.ReadAsync(other, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_same_idempotency_key_from_another_owner_is_a_separate_story()
    {
        using var zoe = await _app.ClientForAsync("parent-zoe");
        var body = new StoryRequestBuilder().Build();

        using var mine = await SendWithKeyAsync("shared-key", body);
        using var theirs = await SendWithKeyAsync("shared-key", body, zoe);

        Assert.NotEqual((await mine.JsonAsync()).GetProperty("id").GetString(), (await theirs.JsonAsync()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Listing_pages_newest_first_with_continuation_tokens()
    {
        using var lister = await _app.ClientForAsync("parent-lister");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var created = await lister.PostAsync("/api/stories", Json(new StoryRequestBuilder().With("theme", $"theme {i}").Build()));
            ids.Add((await created.JsonAsync()).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            using var page = await lister.GetAsync("/api/stories?limit=2" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            var body = await page.JsonAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
            continuation = body.GetProperty("continuation").GetString();
            pages++;
        } while (continuation is not null && pages < 10);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=1000")]
    [InlineData("?limit=abc")]
    [InlineData("?continuation=not-a-real-token!!")]
    public async Task Bad_paging_parameters_are_a_400(string query)
    {
        using var response = await _mia.GetAsync("/api/stories" + query);

        await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Deleting_a_story_removes_it_and_its_audio()
    {
        using var created = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Narrated().Build()));
        var location = created.Headers.Location!.ToString();
        var story = await _mia.PollUntilFinalAsync(location);
        var audioUrl = new Uri(story.GetProperty("audio").GetProperty("url").GetString()!);

        using var deleted = await _mia.DeleteAsync(location);
        using var after = await _mia.GetAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problems.ReadAsync(after, HttpStatusCode.NotFound);
        var blobName = audioUrl.Segments.Last();
        Assert.False((await standIns.CreateBlobServiceClient().GetBlobContainerClient("audio").GetBlobClient(blobName).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Another_owners_story_is_404_to_read_and_to_delete()
    {
        using var created = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
        var location = created.Headers.Location!.ToString();
        using var zoe = await _app.ClientForAsync("parent-zoe");

        using var read = await zoe.GetAsync(location);
        using var delete = await zoe.DeleteAsync(location);
        using var stillThere = await _mia.GetAsync(location);

        await Problems.ReadAsync(read, HttpStatusCode.NotFound);
        await Problems.ReadAsync(delete, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Theory]
    [InlineData("/api/stories/nope")]
    [InlineData("/api/stories/st_XYZ")]
    [InlineData("/api/stories/up_0123456789abcdef0123456789abcdef")]
    public async Task An_id_not_in_the_servers_format_is_404(string path)
    {
        using var response = await _mia.GetAsync(path);

        await Problems.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_credentials_the_story_routes_answer_401_with_a_challenge()
    {
        using var response = await _app.Client.GetAsync("/api/stories");

        await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(string key, string body, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stories") { Content = Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await (client ?? _mia).SendAsync(request);
    }
}
