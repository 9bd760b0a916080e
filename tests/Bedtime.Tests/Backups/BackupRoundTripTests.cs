using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Bedtime.Tests.Integration;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;

namespace Bedtime.Tests.Backups;

/// <summary>A whole database backed up through the admin API, wiped, and restored document for document.</summary>
[Collection(StandInsCollection.Name)]
public sealed class BackupRoundTripTests(StandInsFixture standIns, ITestOutputHelper output) : IAsyncLifetime
{
    private BackupTestApp _app = null!;

    public async Task InitializeAsync() => _app = await BackupTestApp.StartAsync(standIns);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_documents_are_backed_up_wiped_and_restored_exactly_as_they_were()
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            BackupTestData.SeedAsync(_app.Stories, "story", 6000),
            BackupTestData.SeedAsync(_app.Uploads, "upload", 4000),
            BackupTestData.SeedAsync(_app.Expiring, "idem", 20));
        var storiesBefore = await BackupTestData.FingerprintsAsync(_app.Stories);
        var uploadsBefore = await BackupTestData.FingerprintsAsync(_app.Uploads);
        output.WriteLine($"seeded in {clock.Elapsed.TotalSeconds:0.0} s");
        using var admin = await _app.AdminAsync();

        var manifest = await BackupTestApp.BackupAsync(admin);
        output.WriteLine($"backed up at {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(manifest.GetProperty("verified").GetBoolean());
        var counts = manifest.GetProperty("containers").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("documents").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["stories"] = 6000, ["uploads"] = 4000 }, counts);
        Assert.Equal(["audit", "expiring"], manifest.GetProperty("excluded").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());

        await _app.WipeAsync(_app.Stories, _app.Uploads);
        Assert.Empty(await BackupTestData.FingerprintsAsync(_app.Stories));
        var id = manifest.GetProperty("id").GetString();
        var restored = await BackupTestApp.OperationAsync(admin, $"/api/ops/backups/{id}/restore");
        var report = restored.GetProperty("result");
        output.WriteLine($"restored at {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal("succeeded", restored.GetProperty("status").GetString());
        Assert.Equal(10_000, report.GetProperty("containers").EnumerateArray().Sum(c => c.GetProperty("documents").GetInt64()));
        Assert.Equal(storiesBefore, await BackupTestData.FingerprintsAsync(_app.Stories));
        Assert.Equal(uploadsBefore, await BackupTestData.FingerprintsAsync(_app.Uploads));
    }

    [Fact]
    public async Task Each_document_is_stored_as_one_line_with_exactly_the_bytes_the_database_returned()
    {
        await BackupTestData.SeedAsync(_app.Stories, "story", 20);
        using var response = await _app.Stories.ReadItemStreamAsync("story-3", new PartitionKey("owner-3"));
        var served = await new StreamReader(response.Content, Encoding.UTF8).ReadToEndAsync();
        using var admin = await _app.AdminAsync();

        var id = (await BackupTestApp.BackupAsync(admin)).GetProperty("id").GetString()!;

        var file = (await _app.BlobsOfAsync(id)).Single(n => n.EndsWith("/stories.ndjson.gz", StringComparison.Ordinal));
        await using var compressed = await _app.Backups.GetBlobClient(file).OpenReadAsync();
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        var lines = (await new StreamReader(gzip, Encoding.UTF8).ReadToEndAsync()).Split('\n');
        Assert.Equal(21, lines.Length); // 20 documents, each ended by a line break
        Assert.Equal("", lines[^1]);
        Assert.Contains(served, lines);
    }
}
