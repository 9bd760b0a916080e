using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Bedtime.Backups;
using Bedtime.DataRights.Erasure;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Bedtime.Stories;
using Bedtime.Tests.Backups;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Bedtime.Uploads;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Tests.DataRights;

/// <summary>
/// <c>DELETE /api/me</c> and its job through the local runner, on a database and backups container of their own (Azurite
/// and the Cosmos stand-in), so every document left can be counted.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class EraseMyDataTests(StandInsFixture standIns) : IAsyncLifetime
{
    private BackupTestApp _app = null!;
    private BlobServiceClient _blobs = null!;

    public async Task InitializeAsync()
    {
        _app = await BackupTestApp.StartAsync(standIns);
        _blobs = standIns.CreateBlobServiceClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Erasure_leaves_nothing_of_the_owner_in_cosmos_db_or_blob_storage_and_nothing_of_anyone_else_is_touched()
    {
        var owner = Owner("erase");
        var other = Owner("keep");
        var mine = await SeedAsync(owner, stories: 5, uploads: 3);
        var theirs = await SeedAsync(other, stories: 2, uploads: 1);
        using var client = await _app.App.ClientForAsync(owner);
        (await client.GetAsync("/api/me/export")).EnsureSuccessStatusCode(); // a rate-limit window of the export limit
        Assert.NotEmpty(await RateLimitWindowsOfAsync(owner));

        using var accepted = await client.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("/api/me/erasure", accepted.Headers.Location?.OriginalString);
        var erasure = await CompletedAsync(owner);
        Assert.Equal(new ErasedCounts(5, 3, 5 * 3 + 3 * 2, erasure.Erased.Records), erasure.Erased);
        Assert.True(erasure.Erased.Records >= 3, $"records erased: {erasure.Erased.Records}"); // idempotency record, export and general windows

        Assert.Equal(0, await CountAsync(_app.Stories, owner));
        Assert.Equal(0, await CountAsync(_app.Uploads, owner));
        Assert.Equal([ErasureDocument.DocumentId], await IdsAsync(_app.Expiring, owner));
        Assert.Empty(await RateLimitWindowsOfAsync(owner));
        Assert.Equal(0, await BlobCountAsync(mine));
        Assert.Equal(2, await CountAsync(_app.Stories, other));
        Assert.Equal(1, await CountAsync(_app.Uploads, other));
        Assert.Equal(2 * 3 + 1 * 2, await BlobCountAsync(theirs));
        var record = (await _app.Service<ErasureRecords>().ListAsync(CancellationToken.None))[OwnerHash.Of(owner)];
        Assert.Equal(erasure.CompletedAt, record.CompletedAt);

        foreach (var id in mine.Stories)
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/stories/{id}")).StatusCode);
        foreach (var id in mine.Uploads)
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/uploads/{id}")).StatusCode);
        Assert.Equal(0, (await (await client.GetAsync("/api/stories")).JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await (await client.GetAsync("/api/uploads")).JsonAsync()).GetProperty("items").GetArrayLength());
        var status = await (await client.GetAsync("/api/me/erasure")).JsonAsync();
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(5, status.GetProperty("erased").GetProperty("stories").GetInt32());
    }

    [Fact]
    public async Task An_erasure_that_fails_midway_keeps_its_record_unfinished_and_the_next_delivery_erases_the_rest()
    {
        var owner = Owner("crash");
        var mine = await SeedAsync(owner, stories: 4, uploads: 2);
        await QueuedErasureAsync(owner);
        // A lease on a blob of the oldest story (erased last) makes its delete fail, as an outage mid-run would.
        var leased = _blobs.GetBlobContainerClient(BlobContainers.Audio).GetBlobClient($"{mine.Stories[^1]}/segment-001").GetBlobLeaseClient();
        await leased.AcquireAsync(TimeSpan.FromSeconds(60));
        var handler = _app.Service<ErasureJobHandler>();

        await Assert.ThrowsAsync<RequestFailedException>(() => handler.HandleAsync(Delivery(owner, 1), CancellationToken.None));

        var left = await CountAsync(_app.Stories, owner); // stories are erased several at once: the failure stops the others wherever they are
        Assert.InRange(left, 1, 4);
        Assert.Equal(2, await CountAsync(_app.Uploads, owner));
        var midway = await ErasureAsync(owner);
        Assert.Equal((ErasureStatus.Erasing, 1), (midway.Status, midway.Attempts));
        Assert.Null((await _app.Service<ErasureRecords>().ListAsync(CancellationToken.None))[OwnerHash.Of(owner)].CompletedAt);

        await leased.ReleaseAsync();
        await handler.HandleAsync(Delivery(owner, 2), CancellationToken.None);

        var done = await ErasureAsync(owner);
        Assert.Equal((ErasureStatus.Completed, 2), (done.Status, done.Attempts));
        Assert.Equal((left, 2), (done.Erased.Stories, done.Erased.Uploads)); // a run cut short records nothing of what it removed
        Assert.Equal(0, await CountAsync(_app.Stories, owner) + await CountAsync(_app.Uploads, owner));
        Assert.Equal(0, await BlobCountAsync(mine));
        Assert.NotNull((await _app.Service<ErasureRecords>().ListAsync(CancellationToken.None))[OwnerHash.Of(owner)].CompletedAt);
    }

    [Fact]
    public async Task Asking_again_while_an_erasure_runs_answers_with_that_one_and_asking_after_it_ended_starts_another()
    {
        var owner = Owner("again");
        var running = await QueuedErasureAsync(owner, ErasureStatus.Erasing);
        using var client = await _app.App.ClientForAsync(owner);

        using var again = await client.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var shown = await again.JsonAsync();
        Assert.Equal(("erasing", running.RequestedAt), (shown.GetProperty("status").GetString(), shown.GetProperty("requestedAt").GetDateTimeOffset()));

        var store = _app.Service<DocumentStore<ErasureDocument>>();
        var current = await ErasureAsync(owner);
        await store.ReplaceAsync(current with { Status = ErasureStatus.Completed, CompletedAt = DateTimeOffset.UtcNow }, current.Id, owner, current.ETag, CancellationToken.None);
        using var after = await client.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.True((await after.JsonAsync()).GetProperty("requestedAt").GetDateTimeOffset() > running.RequestedAt);
        Assert.Equal(ErasureStatus.Completed, (await CompletedAsync(owner)).Status);
    }

    [Fact]
    public async Task Without_an_erasure_the_status_is_404_and_without_a_token_both_routes_are_401()
    {
        using var client = await _app.App.ClientForAsync(Owner("none"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/me/erasure")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.App.Client.GetAsync("/api/me/erasure")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.App.Client.DeleteAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_poisoned_erasure_is_shown_failed_so_the_owner_can_ask_again()
    {
        var owner = Owner("poison");
        await QueuedErasureAsync(owner, ErasureStatus.Erasing);

        await _app.Service<ErasurePoisonHandler>().HandleAsync(Delivery(owner, 5), CancellationToken.None);

        var failed = await ErasureAsync(owner);
        Assert.Equal((ErasureStatus.Failed, "retries_exhausted"), (failed.Status, failed.Error?.Code));
    }

    [Fact]
    public async Task A_restore_of_a_backup_taken_before_the_erasure_leaves_the_owner_out_and_one_taken_after_brings_back_only_their_new_data()
    {
        var owner = Owner("restore");
        var other = Owner("stays");
        await SeedAsync(owner, stories: 3, uploads: 2);
        await SeedAsync(other, stories: 2, uploads: 1);
        using var admin = await _app.AdminAsync();
        var before = (await BackupTestApp.BackupAsync(admin)).GetProperty("id").GetString();
        using var client = await _app.App.ClientForAsync(owner);
        (await client.DeleteAsync("/api/me")).EnsureSuccessStatusCode();
        await CompletedAsync(owner);
        var comeback = await SeedAsync(owner, stories: 1, uploads: 0); // the parent signs in again later
        var after = (await BackupTestApp.BackupAsync(admin)).GetProperty("id").GetString();

        await _app.WipeAsync(_app.Stories, _app.Uploads);
        var restored = await BackupTestApp.OperationAsync(admin, $"/api/ops/backups/{before}/restore");

        Assert.Equal("succeeded", restored.GetProperty("status").GetString());
        var report = restored.GetProperty("result").GetProperty("containers").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (c.GetProperty("documents").GetInt64(), c.GetProperty("skipped").GetInt64()));
        Assert.Equal((2L, 3L), report[CosmosContainers.Stories]);
        Assert.Equal((1L, 2L), report[CosmosContainers.Uploads]);
        Assert.Equal(0, await CountAsync(_app.Stories, owner) + await CountAsync(_app.Uploads, owner));
        Assert.Equal((2, 1), (await CountAsync(_app.Stories, other), await CountAsync(_app.Uploads, other)));

        await _app.WipeAsync(_app.Stories, _app.Uploads);
        var later = await BackupTestApp.OperationAsync(admin, $"/api/ops/backups/{after}/restore");

        Assert.Equal("succeeded", later.GetProperty("status").GetString());
        Assert.Equal(comeback.Stories, await IdsAsync(_app.Stories, owner));
    }

    [Fact]
    public async Task An_erasure_record_is_forgotten_only_once_it_is_past_the_retention_and_no_backup_left_predates_its_end()
    {
        var records = _app.Service<ErasureRecords>();
        var now = DateTimeOffset.UtcNow;
        var cutoff = now.AddDays(-7);
        await records.RecordAsync(new ErasureRecord("0000000000000001", now.AddDays(-9), now.AddDays(-9)), CancellationToken.None);
        await records.RecordAsync(new ErasureRecord("0000000000000002", now.AddDays(-8), now.AddDays(-8)), CancellationToken.None);
        await records.RecordAsync(new ErasureRecord("0000000000000003", now.AddDays(-1), now.AddDays(-1)), CancellationToken.None);
        await records.RecordAsync(new ErasureRecord("0000000000000004", now.AddDays(-9), null), CancellationToken.None);

        // The oldest backup left started 8.5 days ago: it predates erasure 2 but not erasure 1.
        var forgotten = await records.ForgetAsync(cutoff, now.AddDays(-8.5), CancellationToken.None);

        Assert.Equal(1, forgotten);
        Assert.Equal(["0000000000000002", "0000000000000003", "0000000000000004"],
            (await records.ListAsync(CancellationToken.None)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, await records.ForgetAsync(cutoff, null, CancellationToken.None)); // no backups left: 2 goes, 3 is too recent, 4 unfinished
    }

    private static string Owner(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private sealed record Seeded(IReadOnlyList<string> Stories, IReadOnlyList<string> Uploads);

    /// <summary>Stories with a joined narration and two segments each; uploads with their file and a staged copy; an idempotency record.</summary>
    private async Task<Seeded> SeedAsync(string owner, int stories, int uploads)
    {
        var audio = _blobs.GetBlobContainerClient(BlobContainers.Audio);
        var files = _blobs.GetBlobContainerClient(BlobContainers.Uploads);
        var storyIds = new List<string>();
        for (var i = 0; i < stories; i++)
        {
            var story = new StoryDocument
            {
                Id = ResourceIds.NewStory(), OwnerId = owner, Status = StoryStatus.Completed, Progress = 100, Title = $"Story {i}",
                Paragraphs = ["Once upon a time.", "Good night."], WordCount = 5, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-i), UpdatedAt = DateTimeOffset.UtcNow,
                Request = new StoryRequest("Mia", 5, "space", StoryLength.Short),
            };
            foreach (var name in StoryBlobs(story.Id))
                await audio.UploadBlobAsync(name, BinaryData.FromString("audio"));
            Assert.True(await _app.Service<DocumentStore<StoryDocument>>().CreateAsync(story, owner, CancellationToken.None));
            storyIds.Add(story.Id);
        }
        var uploadIds = new List<string>();
        for (var i = 0; i < uploads; i++)
        {
            var upload = new UploadDocument
            {
                Id = ResourceIds.NewUpload(), OwnerId = owner, Status = UploadStatus.Ready, FileName = $"drawing-{i}.txt", ContentType = "text/plain",
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-i), UpdatedAt = DateTimeOffset.UtcNow,
            };
            await files.UploadBlobAsync(upload.BlobName, BinaryData.FromString("a drawing"));
            await files.UploadBlobAsync(upload.StagingBlobName, BinaryData.FromString("a drawing"));
            Assert.True(await _app.Service<DocumentStore<UploadDocument>>().CreateAsync(upload, owner, CancellationToken.None));
            uploadIds.Add(upload.Id);
        }
        await _app.Expiring.CreateItemAsync(new { id = "idem-" + Guid.NewGuid().ToString("N"), ownerId = owner, kind = "idempotency", ttl = 3600 }, new PartitionKey(owner));
        return new Seeded(storyIds, uploadIds);
    }

    private static IEnumerable<string> StoryBlobs(string storyId) => [$"{storyId}.mp3", $"{storyId}/segment-000", $"{storyId}/segment-001"];

    private async Task<int> BlobCountAsync(Seeded seeded)
    {
        var names = seeded.Stories.SelectMany(StoryBlobs).Select(n => (BlobContainers.Audio, n))
            .Concat(seeded.Uploads.SelectMany(id => new[] { (BlobContainers.Uploads, id), (BlobContainers.Uploads, UploadDocument.StagingPrefix + id) }));
        var count = 0;
        foreach (var (container, name) in names)
            if (await _blobs.GetBlobContainerClient(container).GetBlobClient(name).ExistsAsync()) count++;
        return count;
    }

    private async Task<ErasureDocument> QueuedErasureAsync(string owner, string status = ErasureStatus.Queued)
    {
        // Stored without a message: the test delivers it to the handler itself.
        var erasure = new ErasureDocument { OwnerId = owner, Status = status, RequestedAt = DateTimeOffset.UtcNow.AddSeconds(-5) };
        Assert.True(await _app.Service<DocumentStore<ErasureDocument>>().CreateAsync(erasure, owner, CancellationToken.None));
        return erasure;
    }

    private static QueueDelivery Delivery(string owner, long dequeueCount) =>
        new(Guid.NewGuid().ToString(), JobMessage.Create(ErasureDocument.DocumentId, owner, Erasures.JobKind, TimeProvider.System).ToJson(), dequeueCount, DateTimeOffset.UtcNow);

    private async Task<ErasureDocument> ErasureAsync(string owner) =>
        await _app.Service<DocumentStore<ErasureDocument>>().GetAsync(owner, ErasureDocument.DocumentId, CancellationToken.None)
        ?? throw new InvalidOperationException("No erasure stored.");

    /// <summary>Polls the stored erasure (not the API, whose requests would count in new rate-limit windows) until it is completed.</summary>
    private async Task<ErasureDocument> CompletedAsync(string owner)
    {
        ErasureDocument? erasure = null;
        Assert.True(await Eventually.TrueAsync(async () => (erasure = await ErasureAsync(owner)).Status == ErasureStatus.Completed,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100)), $"The erasure did not complete: {erasure?.Status}");
        return erasure!;
    }

    private static async Task<int> CountAsync(Container container, string owner) => (await IdsAsync(container, owner)).Count;

    private static async Task<List<string>> IdsAsync(Container container, string partition)
    {
        var ids = new List<string>();
        using var feed = container.GetItemQueryIterator<JsonElement>(new QueryDefinition("SELECT * FROM c"), null,
            new QueryRequestOptions { PartitionKey = new PartitionKey(partition) });
        while (feed.HasMoreResults)
            ids.AddRange((await feed.ReadNextAsync()).Select(d => d.GetProperty("id").GetString()!));
        return ids;
    }

    /// <summary>Every rate-limit window counting the owner's requests, whatever the limit (the whole container is read).</summary>
    private async Task<List<string>> RateLimitWindowsOfAsync(string owner)
    {
        var found = new List<string>();
        using var feed = _app.Expiring.GetItemQueryIterator<JsonElement>(new QueryDefinition("SELECT * FROM c"));
        while (feed.HasMoreResults)
            found.AddRange((await feed.ReadNextAsync()).Select(d => d.GetProperty("ownerId").GetString()!)
                .Where(p => p.StartsWith("rl:", StringComparison.Ordinal) && p.EndsWith(":u:" + owner, StringComparison.Ordinal)));
        return found;
    }
}
