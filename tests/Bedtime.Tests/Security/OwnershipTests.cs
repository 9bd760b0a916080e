using System.Net;
using Bedtime.Stories.Writing;
using Bedtime.Tests.Integration;
using Bedtime.Tests.Stories;
using Bedtime.Tests.TestSupport;
using Bedtime.Tests.Uploads;
using Microsoft.Extensions.DependencyInjection;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Security;

/// <summary>
/// What one owner can do with another's ids, beyond the reads and deletes covered by the story and upload API tests:
/// always 404 (never 403, which would confirm the id exists), and nothing changes.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class OwnershipTests(StandInsFixture standIns) : IAsyncLifetime
{
    private RunningApp _app = null!;
    private HttpClient _mia = null!;
    private HttpClient _zoe = null!;

    public async Task InitializeAsync()
    {
        _app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true", s => s.AddSingleton<IStoryWriter>(new ScriptedStoryWriter()));
        _mia = await _app.ClientForAsync("parent-mia");
        _zoe = await _app.ClientForAsync("parent-zoe");
    }

    public async Task DisposeAsync()
    {
        _mia.Dispose();
        _zoe.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Another_owners_upload_session_cannot_be_completed_and_stays_pending()
    {
        using var session = await _mia.PostAsync("/api/uploads/sessions", Json("""{"fileName":"a.txt","contentType":"text/plain","sizeBytes":12}"""));
        var id = (await session.JsonAsync()).GetProperty("id").GetString();

        using var theirs = await _zoe.PostAsync($"/api/uploads/{id}/complete", null);
        using var mine = await _mia.GetAsync($"/api/uploads/{id}");

        var problem = await Problems.ReadAsync(theirs, HttpStatusCode.NotFound);
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.Equal("pending", (await mine.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Listings_hold_only_the_callers_own_stories_and_uploads()
    {
        using var story = await _mia.PostAsync("/api/stories", Json(new StoryRequestBuilder().Build()));
        using var upload = await _mia.PostAsync("/api/uploads", new ByteArrayContent(SampleFiles.Utf8Text) { Headers = { ContentType = new("text/plain") } });
        Assert.Equal(HttpStatusCode.Accepted, story.StatusCode);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        using var stories = await _zoe.GetAsync("/api/stories?limit=50");
        using var uploads = await _zoe.GetAsync("/api/uploads?limit=50");

        Assert.Empty((await stories.JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Empty((await uploads.JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_story_naming_another_owners_upload_is_answered_as_for_an_id_that_never_existed()
    {
        using var upload = await _mia.PostAsync("/api/uploads", new ByteArrayContent(SampleFiles.Utf8Text) { Headers = { ContentType = new("text/plain") } });
        var theirs = (await upload.JsonAsync()).GetProperty("id").GetString()!;
        var unknown = "up_" + Guid.NewGuid().ToString("N");

        using var withTheirs = await _zoe.PostAsync("/api/stories", Json(StoryNaming(theirs)));
        using var withUnknown = await _zoe.PostAsync("/api/stories", Json(StoryNaming(unknown)));

        var a = await Problems.ReadAsync(withTheirs, HttpStatusCode.NotFound);
        var b = await Problems.ReadAsync(withUnknown, HttpStatusCode.NotFound);
        Assert.Equal(b.GetProperty("code").GetString(), a.GetProperty("code").GetString());
        Assert.Equal(b.GetProperty("errors").ToString().Replace(unknown, "ID", StringComparison.Ordinal), a.GetProperty("errors").ToString().Replace(theirs, "ID", StringComparison.Ordinal));
    }

    private static string StoryNaming(string uploadId) =>
        $$"""{"childName":"Zoe","age":5,"theme":"the sea","length":"short","uploadIds":["{{uploadId}}"]}""";
}
