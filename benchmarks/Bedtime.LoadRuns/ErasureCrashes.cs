using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bedtime.Local.StandIns;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Stories;
using Bedtime.Uploads;
using Microsoft.Azure.Cosmos;

namespace Bedtime.LoadRuns;

/// <summary>
/// The fault suite's crash during an erasure: a parent with a few thousand stories and hundreds of uploads asks for
/// erasure, and the host is SIGKILLed once part of it is gone. After a restart the same erasure must finish by itself
/// (its queue message comes back) and leave nothing of the parent: no story, upload or short-lived record but the
/// erasure's own, and none of their blobs.
/// </summary>
public sealed class ErasureCrashes(string root, RunnerKind kind, Action<string> fail, AnswerTally answers)
{
    private const int Stories = 2000, Uploads = 400;
    /// <summary>One story in this many has narration blobs (a joined file and a segment).</summary>
    private const int NarratedEvery = 4;

    public async Task RunAsync(Dictionary<string, string> settings)
    {
        var owner = "erasure-crash-" + Guid.NewGuid().ToString("N")[..8];
        var port = RunnerProcess.FreePort();
        var runner = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        using var cosmos = new CosmosClient(settings["Cosmos:Endpoint"], LocalStandIns.CosmosKey,
            new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        var database = cosmos.GetDatabase("bedtime");
        var blobs = new BlobServiceClient(settings["AzureWebJobsStorage"]);
        var seeding = Stopwatch.StartNew();
        var blobNames = await SeedAsync(database, blobs, owner);
        Console.WriteLine($"   seeded {Stories} stories and {Uploads} uploads with {blobNames.Count} blobs in {seeding.Elapsed.TotalSeconds:0.0} s");

        using var parent = await ApiClient.ForAsync(runner.Address, owner, answers);
        using (var accepted = await parent.Http.DeleteAsync("/api/me"))
            if (accepted.StatusCode != HttpStatusCode.Accepted)
            {
                fail($"erasure: answered {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
                await runner.DisposeAsync();
                return;
            }
        var stories = database.GetContainer(CosmosContainers.Stories);
        int left;
        for (var waited = Stopwatch.StartNew(); (left = await CountAsync(stories, owner)) > Stories - 200 && waited.Elapsed < TimeSpan.FromSeconds(60);)
            await Task.Delay(50);
        Console.WriteLine($"   SIGKILL of the {(kind == RunnerKind.FunctionsHost ? "host" : "runner")} with {left} of {Stories} stories left to erase");
        if (left is 0 or Stories) fail($"erasure: the crash came with {left} stories left, not midway");
        var recovery = Stopwatch.StartNew();
        await runner.CrashAsync();
        await runner.DisposeAsync();

        await using var restarted = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        var erasure = await CompletedAsync(parent, TimeSpan.FromMinutes(3));
        if (erasure is null)
        {
            fail("erasure: not completed 3 minutes after the crash");
            return;
        }
        var documents = await CountAsync(stories, owner) + await CountAsync(database.GetContainer(CosmosContainers.Uploads), owner);
        var records = await CountAsync(database.GetContainer(CosmosContainers.Expiring), owner);
        var blobsLeft = 0;
        await Parallel.ForEachAsync(blobNames, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (blob, token) =>
        {
            if (await blobs.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name).ExistsAsync(token)) Interlocked.Increment(ref blobsLeft);
        });
        if (documents != 0 || records != 1 || blobsLeft != 0)
            fail($"erasure: after the crash {documents} documents, {records} short-lived records (1 expected: the erasure) and {blobsLeft} blobs of the parent are left");
        Console.WriteLine($"   the erasure finished {recovery.Elapsed.TotalSeconds:0.0} s after the crash (the run after it erased {erasure.Value.GetProperty("erased").GetProperty("stories").GetInt32()} stories, " +
            $"restart {restarted.Startup.TotalSeconds:0.0} s): {documents} documents and {blobsLeft} blobs of the parent left");
    }

    private static async Task<List<(string Container, string Name)>> SeedAsync(Database database, BlobServiceClient blobs, string owner)
    {
        var names = new List<(string Container, string Name)>();
        var now = DateTimeOffset.UtcNow;
        var stories = Enumerable.Range(0, Stories).Select(i => new StoryDocument
        {
            Id = ResourceIds.NewStory(), OwnerId = owner, Status = StoryStatus.Completed, Progress = 100, Title = $"Story {i}",
            Paragraphs = ["Once upon a time.", "Good night."], WordCount = 5, CreatedAt = now.AddSeconds(-i), UpdatedAt = now,
            Request = new StoryRequest("Mia", 5, "space", StoryLength.Short),
        }).ToList();
        var uploads = Enumerable.Range(0, Uploads).Select(i => new UploadDocument
        {
            Id = ResourceIds.NewUpload(), OwnerId = owner, Status = UploadStatus.Ready, FileName = $"drawing-{i}.txt", ContentType = "text/plain",
            CreatedAt = now.AddSeconds(-i), UpdatedAt = now,
        }).ToList();
        names.AddRange(stories.Where((_, i) => i % NarratedEvery == 0)
            .SelectMany(s => new[] { (BlobContainers.Audio, $"{s.Id}.mp3"), (BlobContainers.Audio, $"{s.Id}/segment-000") }));
        names.AddRange(uploads.Select(u => (BlobContainers.Uploads, u.BlobName)));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 32 };
        await Parallel.ForEachAsync(names, parallel, async (blob, token) =>
            await blobs.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name).UploadAsync(BinaryData.FromString("seeded"), overwrite: true, token));
        await Parallel.ForEachAsync(stories, parallel, async (story, token) => await CreateAsync(database.GetContainer(CosmosContainers.Stories), story, owner, token));
        await Parallel.ForEachAsync(uploads, parallel, async (upload, token) => await CreateAsync(database.GetContainer(CosmosContainers.Uploads), upload, owner, token));
        return names;
    }

    private static async Task CreateAsync<T>(Container container, T document, string owner, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, CosmosClientFactory.DocumentJson));
        using var response = await container.CreateItemStreamAsync(body, new PartitionKey(owner), cancellationToken: cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement?> CompletedAsync(ApiClient parent, TimeSpan patience)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < patience; await Task.Delay(250))
        {
            try
            {
                using var response = await parent.Http.GetAsync("/api/me/erasure");
                if (response.StatusCode != HttpStatusCode.OK) continue;
                var erasure = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (erasure.GetProperty("status").GetString() == "completed") return erasure;
            }
            catch (HttpRequestException) { } // the host is coming back
        }
        return null;
    }

    private static async Task<int> CountAsync(Container container, string owner)
    {
        using var feed = container.GetItemQueryIterator<int>(new QueryDefinition("SELECT VALUE COUNT(1) FROM c"), null,
            new QueryRequestOptions { PartitionKey = new PartitionKey(owner) });
        var total = 0;
        while (feed.HasMoreResults) total += (await feed.ReadNextAsync()).Sum();
        return total;
    }
}
