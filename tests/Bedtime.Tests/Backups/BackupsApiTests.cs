using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using Bedtime.Backups;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Azure.Cosmos;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Backups;

/// <summary>The admin backup routes and the backup timer, through the local runner, Azurite and the Cosmos stand-in.</summary>
[Collection(StandInsCollection.Name)]
public sealed class BackupsApiTests(StandInsFixture standIns) : IAsyncLifetime
{
    private BackupTestApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await BackupTestApp.StartAsync(standIns);
        _admin = await _app.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_backup_writes_one_file_per_container_and_a_manifest_that_describes_them()
    {
        await BackupTestData.SeedAsync(_app.Stories, "story", 30);
        await BackupTestData.SeedAsync(_app.Uploads, "upload", 5);

        var manifest = await BackupAsync();

        var id = manifest.GetProperty("id").GetString()!;
        Assert.True(BackupId.TryParse(id, out var backupId));
        Assert.Equal(backupId.Path, manifest.GetProperty("path").GetString());
        Assert.Equal(
            [$"{backupId.Path}/manifest.json", $"{backupId.Path}/stories.ndjson.gz", $"{backupId.Path}/uploads.ndjson.gz"],
            (await _app.BlobsOfAsync(id)).Order(StringComparer.Ordinal));
        Assert.Equal("admin", manifest.GetProperty("trigger").GetString());
        Assert.Equal("0.1.0", manifest.GetProperty("appVersion").GetString());
        Assert.True(manifest.GetProperty("verified").GetBoolean());
        Assert.True(manifest.GetProperty("finishedAt").GetDateTimeOffset() >= manifest.GetProperty("startedAt").GetDateTimeOffset());
        var stories = manifest.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "stories");
        Assert.Equal(30, stories.GetProperty("documents").GetInt64());
        Assert.Equal("/ownerId", stories.GetProperty("partitionKeyPath").GetString());
        Assert.Equal(25, stories.GetProperty("schemaVersions").GetProperty("1").GetInt64());
        Assert.Equal(5, stories.GetProperty("schemaVersions").GetProperty("2").GetInt64());
        var file = await _app.Backups.GetBlobClient($"{backupId.Path}/stories.ndjson.gz").DownloadContentAsync();
        Assert.Equal(stories.GetProperty("bytes").GetInt64(), file.Value.Content.ToMemory().Length);
        Assert.Equal(stories.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(file.Value.Content.ToMemory().Span)));
        var excluded = manifest.GetProperty("excluded").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("defaultTimeToLive").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["expiring"] = -1, ["audit"] = -1 }, excluded);
    }

    [Fact]
    public async Task Backups_are_listed_with_their_manifests_newest_first()
    {
        var first = (await BackupAsync()).GetProperty("id").GetString();
        var second = (await BackupAsync()).GetProperty("id").GetString();

        using var response = await _admin.GetAsync("/api/ops/backups");
        var items = (await response.JsonAsync()).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([second, first], items);
        Assert.True(string.CompareOrdinal(second, first) > 0);
    }

    [Theory]
    [InlineData("different bytes")]
    [InlineData("different documents")]
    [InlineData("missing")]
    public async Task A_damaged_file_fails_verification_with_the_reason_and_is_reported(string damage)
    {
        await BackupTestData.SeedAsync(_app.Stories, "story", 10);
        var id = (await BackupAsync()).GetProperty("id").GetString()!;
        Assert.True(BackupId.TryParse(id, out var backupId));
        var file = _app.Backups.GetBlobClient($"{backupId.Path}/stories.ndjson.gz");
        if (damage == "missing") await file.DeleteAsync();
        else await file.UploadAsync(BinaryData.FromBytes(damage == "different bytes" ? RandomNumberGenerator.GetBytes(500) : Gzip("{\"id\":\"x\"}\n")), overwrite: true);
        using var metrics = new MetricsCapture(_app.Service<IMeterFactory>());

        var verified = await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/verify");
        var result = verified.GetProperty("result");

        Assert.Equal("succeeded", verified.GetProperty("status").GetString()); // the verification ran; it found the damage
        Assert.False(result.GetProperty("verified").GetBoolean());
        Assert.StartsWith("stories: ", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(damage == "missing" ? "missing" : "differ", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(_app.App.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains($"Backup {id} failed verification", StringComparison.Ordinal));
        var failed = Assert.Single(metrics.Of(TelemetryNames.BackupsFailed));
        Assert.Equal("verification", failed.Tags["stage"]);
        using var listed = await _admin.GetAsync("/api/ops/backups");
        var manifest = Assert.Single((await listed.JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.False(manifest.GetProperty("verified").GetBoolean());
        Assert.Equal(result.GetProperty("reason").GetString(), manifest.GetProperty("verificationError").GetString());
        var restore = await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/restore", Json("""{"targetDatabase":"never-written"}"""));
        Assert.Equal("failed", restore.GetProperty("status").GetString());
        Assert.Equal("backup_not_verified", restore.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_intact_backup_verifies_and_the_run_reports_its_size()
    {
        using var metrics = new MetricsCapture(_app.Service<IMeterFactory>());
        await BackupTestData.SeedAsync(_app.Uploads, "upload", 12);
        var id = (await BackupAsync()).GetProperty("id").GetString();

        var result = (await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/verify")).GetProperty("result");

        Assert.True(result.GetProperty("verified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("reason").ValueKind);
        Assert.Equal(12, result.GetProperty("containers").EnumerateArray().Sum(c => c.GetProperty("documents").GetInt64()));
        Assert.Single(metrics.Of(TelemetryNames.BackupsSucceeded));
        Assert.Equal(12, Assert.Single(metrics.Of(TelemetryNames.BackupDocuments)).Value);
        Assert.True(Assert.Single(metrics.Of(TelemetryNames.BackupBytes)).Value > 0);
        Assert.Single(metrics.Of(TelemetryNames.BackupSeconds));
        Assert.Empty(metrics.Of(TelemetryNames.BackupsFailed));
    }

    [Theory]
    [InlineData("""{"targetDatabase":""}""")]
    [InlineData("""{"targetDatabase":"has space"}""")]
    [InlineData("""{"targetDatabase":"x/y"}""")]
    public async Task A_restore_into_a_database_name_that_is_not_valid_is_a_400_naming_the_field(string body)
    {
        await BackupTestData.SeedAsync(_app.Uploads, "upload", 1);
        var id = (await BackupAsync()).GetProperty("id").GetString();

        using var restore = await _admin.PostAsync($"/api/ops/backups/{id}/restore", Json(body));

        var problem = await Problems.ReadAsync(restore, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("targetDatabase", out _), problem.ToString());
    }

    [Fact]
    public async Task A_restore_refuses_containers_that_hold_documents_unless_told_to_overwrite()
    {
        await BackupTestData.SeedAsync(_app.Stories, "story", 10);
        var id = (await BackupAsync()).GetProperty("id").GetString();
        await _app.Stories.DeleteItemAsync<JsonElement>("story-4", new PartitionKey("owner-4"));
        await _app.Stories.UpsertItemStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes(BackupTestData.Document("story", 5, "owner-5").Replace("completed", "edited", StringComparison.Ordinal))), new PartitionKey("owner-5"));
        await BackupTestData.SeedAsync(_app.Stories, "newer", 1);

        var refused = await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/restore");
        Assert.Equal("failed", refused.GetProperty("status").GetString());
        Assert.Equal("containers_not_empty", refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("stories", refused.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, (await BackupTestData.FingerprintsAsync(_app.Stories)).Count);

        var overwritten = await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/restore", Json("""{"overwrite":true}"""));
        var afterOnce = await BackupTestData.FingerprintsAsync(_app.Stories);
        var again = await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/restore", Json("""{"overwrite":true}"""));

        Assert.Equal("succeeded", overwritten.GetProperty("status").GetString());
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.True(again.GetProperty("restore").GetProperty("overwrite").GetBoolean());
        Assert.Equal(afterOnce, await BackupTestData.FingerprintsAsync(_app.Stories));
        Assert.Equal(11, afterOnce.Count); // the 10 backed up (deleted and edited ones back as they were) and the newer one, left alone
        var restored = (await _app.Stories.ReadItemAsync<JsonElement>("story-5", new PartitionKey("owner-5"))).Resource;
        Assert.Equal("completed", restored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_restore_into_a_named_database_creates_it_with_the_same_containers_and_leaves_the_live_one_alone()
    {
        await BackupTestData.SeedAsync(_app.Stories, "story", 15);
        await BackupTestData.SeedAsync(_app.Uploads, "upload", 7);
        var id = (await BackupAsync()).GetProperty("id").GetString();
        var target = StandInsFixture.UniqueName("restored");

        var restored = await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/restore", Json($$"""{"targetDatabase":"{{target}}"}"""));
        var report = restored.GetProperty("result");

        Assert.Equal("succeeded", restored.GetProperty("status").GetString());
        Assert.Equal(target, report.GetProperty("database").GetString());
        Assert.All(report.GetProperty("containers").EnumerateArray(), c => Assert.True(c.GetProperty("created").GetBoolean()));
        var database = _app.Database.Client.GetDatabase(target);
        Assert.Equal(await BackupTestData.FingerprintsAsync(_app.Stories), await BackupTestData.FingerprintsAsync(database.GetContainer("stories")));
        Assert.Equal(await BackupTestData.FingerprintsAsync(_app.Uploads), await BackupTestData.FingerprintsAsync(database.GetContainer("uploads")));
        foreach (var name in CosmosContainers.All)
        {
            var live = (await _app.Database.GetContainer(name).ReadContainerAsync()).Resource;
            var copy = (await database.GetContainer(name).ReadContainerAsync()).Resource;
            Assert.Equal(live.PartitionKeyPath, copy.PartitionKeyPath);
            Assert.Equal(live.DefaultTimeToLive, copy.DefaultTimeToLive);
        }
        var intoNonEmpty = await BackupTestApp.OperationAsync(_admin, $"/api/ops/backups/{id}/restore", Json($$"""{"targetDatabase":"{{target}}"}"""));
        Assert.Equal("containers_not_empty", intoNonEmpty.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"targetDatabase":"no spaces please"}""")]
    [InlineData("""{"overwrite":"yes"}""")]
    [InlineData("""{"target":"bedtime"}""")]
    public async Task A_restore_request_with_an_invalid_body_is_rejected(string body)
    {
        var id = (await BackupAsync()).GetProperty("id").GetString();

        using var response = await _admin.PostAsync($"/api/ops/backups/{id}/restore", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("20261124-12000")]
    [InlineData("2026-11-24-120000")]
    [InlineData("20261340-120000")]
    [InlineData("20261124-126000")]
    [InlineData("２0261124-120000")]
    [InlineData("..%2F..%2Fmanifest")]
    [InlineData("20261124-120000%0A")]
    [InlineData("20200101-000000")]
    public async Task Backup_ids_not_made_by_the_server_or_unknown_are_not_found(string id)
    {
        foreach (var action in new[] { "verify", "restore" })
        {
            using var response = await _admin.PostAsync($"/api/ops/backups/{id}/{action}", null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_admin_routes_need_the_admin_role()
    {
        using var parent = await _app.App.ClientForAsync("parent-mia");
        var routes = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Post, "/api/ops/backups"), (HttpMethod.Get, "/api/ops/backups"),
            (HttpMethod.Post, "/api/ops/backups/20261124-120000/verify"), (HttpMethod.Post, "/api/ops/backups/20261124-120000/restore"),
            (HttpMethod.Get, $"/api/ops/operations/op_{Guid.NewGuid():N}"),
        };
        foreach (var (method, path) in routes)
        {
            using var forbidden = await parent.SendAsync(new HttpRequestMessage(method, path));
            using var anonymous = await _app.App.Client.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        Assert.Empty(await _app.Service<BackupStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task While_another_instance_holds_the_lock_a_run_skips_and_the_api_answers_409_with_when_to_try_again()
    {
        var lease = _app.Backups.GetBlobClient(BackupLease.BlobName).GetBlobLeaseClient();
        await _app.Backups.GetBlobClient(BackupLease.BlobName).UploadAsync(BinaryData.Empty, overwrite: true);
        await lease.AcquireAsync(TimeSpan.FromSeconds(60));

        using var busy = await _admin.PostAsync("/api/ops/backups", null);
        await _app.Service<BackupTimerJob>().RunAsync(new TimerRun(DateTimeOffset.UtcNow, false), CancellationToken.None);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("backup_running", (await busy.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal("30", busy.Headers.RetryAfter?.ToString());
        Assert.Equal(1, _app.App.Logs.Lines.Count(l => l.Contains("skipped: another run holds the backup lock", StringComparison.Ordinal))); // the timer's; the API queued nothing
        Assert.Empty((await _app.Service<BackupStore>().ListAsync(CancellationToken.None)));

        await lease.ReleaseAsync();
        await BackupTestApp.BackupAsync(_admin);
    }

    [Fact]
    public async Task Two_instances_firing_the_timer_together_make_one_backup()
    {
        await BackupTestData.SeedAsync(_app.Stories, "story", 2000);
        await using var second = await BackupTestApp.StartAsync(standIns, shareWith: _app);
        var run = new TimerRun(DateTimeOffset.UtcNow, false);

        await Task.WhenAll(
            _app.Service<ITimerJob>().RunAsync(run, CancellationToken.None),
            second.Service<ITimerJob>().RunAsync(run, CancellationToken.None));

        var backups = await _app.Service<BackupStore>().ListManifestsAsync(CancellationToken.None);
        Assert.Equal(2000, Assert.Single(backups).Containers.Sum(c => c.Documents));
        Assert.Equal(1, new[] { _app, second }.Sum(a => a.App.Logs.Lines.Count(l => l.Contains("skipped: another run holds the backup lock", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_past_due_timer_run_is_logged_and_still_backs_up()
    {
        await _app.Service<ITimerJob>().RunAsync(new TimerRun(DateTimeOffset.UtcNow.AddHours(-3), IsPastDue: true), CancellationToken.None);

        Assert.Contains(_app.App.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("past due", StringComparison.Ordinal));
        var manifest = Assert.Single(await _app.Service<BackupStore>().ListManifestsAsync(CancellationToken.None));
        Assert.Equal("timer", manifest.Trigger);
        Assert.True(manifest.Verified);
    }

    [Fact]
    public async Task A_run_that_fails_is_logged_counted_and_rethrown_so_the_host_retries_it()
    {
        using var metrics = new MetricsCapture(_app.Service<IMeterFactory>());
        await _app.Uploads.DeleteContainerAsync();

        var error = await Assert.ThrowsAsync<CosmosException>(() => _app.Service<ITimerJob>().RunAsync(new TimerRun(DateTimeOffset.UtcNow, false), CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("run", Assert.Single(metrics.Of(TelemetryNames.BackupsFailed)).Tags["stage"]);
        Assert.Contains(_app.App.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Backup (timer) failed", StringComparison.Ordinal));
        Assert.Empty(await _app.Service<BackupStore>().ListManifestsAsync(CancellationToken.None));
        using var free = await _admin.PostAsync("/api/ops/backups", null); // the lock was released
        Assert.Equal(HttpStatusCode.Accepted, free.StatusCode);
    }

    [Fact]
    public async Task A_backup_whose_manifest_cannot_be_read_is_left_out_of_the_list()
    {
        var broken = (await BackupAsync()).GetProperty("id").GetString()!;
        var good = (await BackupAsync()).GetProperty("id").GetString();
        Assert.True(BackupId.TryParse(broken, out var id));
        await _app.Backups.GetBlobClient(id.BlobName(BackupManifest.FileName)).UploadAsync(BinaryData.FromString("{ not json"), overwrite: true);

        using var listed = await _admin.GetAsync("/api/ops/backups");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal([good], (await listed.JsonAsync()).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    private Task<JsonElement> BackupAsync() => BackupTestApp.BackupAsync(_admin);

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }
}
