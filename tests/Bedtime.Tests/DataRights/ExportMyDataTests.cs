using System.Net;
using System.Text.Json;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Stories;
using Bedtime.Tests.Integration;
using Bedtime.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.DataRights;

/// <summary><c>GET /api/me/export</c> through the local runner, Azurite and the Cosmos stand-in.</summary>
[Collection(StandInsCollection.Name)]
public sealed class ExportMyDataTests(StandInsFixture standIns) : IAsyncLifetime
{
    private RunningApp _app = null!;

    public async Task InitializeAsync() => _app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Exports_every_story_and_upload_of_the_caller_and_nothing_of_anyone_else_as_ndjson_with_a_manifest_and_an_end_line()
    {
        var owner = "export-" + Guid.NewGuid().ToString("N")[..8];
        var stories = await SeedStoriesAsync(owner, 50);
        var uploads = await SeedUploadsAsync(owner, 20);
        await SeedStoriesAsync("someone-else-" + Guid.NewGuid().ToString("N")[..8], 3);
        using var client = await _app.ClientForAsync(owner);

        using var response = await client.GetAsync("/api/me/export", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment; filename=\"bedtime-export-", response.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("manifest", lines[0].GetProperty("type").GetString());
        Assert.Equal("bedtime-export/1", lines[0].GetProperty("format").GetString());
        Assert.Equal(("end", 50, 20), (lines[^1].GetProperty("type").GetString(), lines[^1].GetProperty("stories").GetInt32(), lines[^1].GetProperty("uploads").GetInt32()));
        Assert.Equal(stories.Order(), Ids(lines, "story").Order());
        Assert.Equal(uploads.Order(), Ids(lines, "upload").Order());
        var story = lines.First(l => l.GetProperty("type").GetString() == "story").GetProperty("story");
        Assert.Equal("Once upon a time.", story.GetProperty("paragraphs")[0].GetString());

        // Each ready upload comes with a working link to its file.
        var upload = lines.First(l => l.GetProperty("type").GetString() == "upload");
        using var file = await new HttpClient().GetAsync(upload.GetProperty("file").GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal($"the drawing {upload.GetProperty("upload").GetProperty("id").GetString()}", await file.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_caller_with_nothing_gets_the_manifest_and_an_end_line_with_zero_counts()
    {
        using var client = await _app.ClientForAsync("export-empty-" + Guid.NewGuid().ToString("N")[..8]);

        var lines = (await client.GetStringAsync("/api/me/export")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"type":"end","stories":0,"uploads":0}""", lines[1]);
    }

    [Fact]
    public async Task Without_a_token_the_export_is_401()
    {
        using var response = await _app.Client.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static IEnumerable<string> Ids(IEnumerable<JsonElement> lines, string type) =>
        lines.Where(l => l.GetProperty("type").GetString() == type).Select(l => l.GetProperty(type).GetProperty("id").GetString()!);

    private async Task<IReadOnlyList<string>> SeedStoriesAsync(string owner, int count)
    {
        var store = _app.Services.GetRequiredService<DocumentStore<StoryDocument>>();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var story = new StoryDocument
            {
                Id = ResourceIds.NewStory(), OwnerId = owner, Status = StoryStatus.Completed, Progress = 100, Title = $"Story {i}",
                Paragraphs = ["Once upon a time.", "Good night."], WordCount = 5, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-i), UpdatedAt = DateTimeOffset.UtcNow,
                Request = new StoryRequest("Mia", 5, "space", StoryLength.Short),
            };
            Assert.True(await store.CreateAsync(story, owner, CancellationToken.None));
            ids.Add(story.Id);
        }
        return ids;
    }

    private async Task<IReadOnlyList<string>> SeedUploadsAsync(string owner, int count)
    {
        var store = _app.Services.GetRequiredService<DocumentStore<UploadDocument>>();
        var container = standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Uploads);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var upload = new UploadDocument
            {
                Id = ResourceIds.NewUpload(), OwnerId = owner, Status = UploadStatus.Ready, FileName = $"drawing-{i}.txt", ContentType = "text/plain",
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-i), UpdatedAt = DateTimeOffset.UtcNow,
            };
            await container.UploadBlobAsync(upload.BlobName, BinaryData.FromString($"the drawing {upload.Id}"));
            Assert.True(await store.CreateAsync(upload, owner, CancellationToken.None));
            ids.Add(upload.Id);
        }
        return ids;
    }
}
