using System.Diagnostics;
using System.Net;
using System.Text;
using Azure.Storage.Queues;
using Bedtime.Local.StandIns;
using Microsoft.Azure.Cosmos;

namespace Bedtime.LoadRuns;

/// <summary>
/// API latency under load, side by side with its floor: the same Cosmos point read (GET /api/stories/{id}) and the
/// same document write plus queue send (POST /api/stories) done directly through the SDKs against the same stand-ins.
/// </summary>
public static class ApiLatencyRun
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public sealed record Row(string Operation, int Clients, double P50, double P95, double P99, double PerSecond, double FloorP50, double FloorP95);

    public static async Task<IReadOnlyList<Row>> RunAsync(string root, IReadOnlyList<int> clientCounts, TimeSpan perStep, TextWriter log)
    {
        var tools = StandInsOptions.FindToolsDirectory(root);
        await using var standIns = await LocalStandIns.StartAsync(new StandInsOptions(tools, true, true, DataDirectory: null), CancellationToken.None);
        var settings = standIns.Settings().ToDictionary(s => s.Key, s => s.Value!);
        foreach (var (key, value) in FaultSuite.GenerousRateLimits) settings[key] = value;
        settings["Auth:DevelopmentTokens"] = "true";
        settings["Narrator:Provider"] = "None";
        settings["Cosmos:Database"] = "bench";
        // The API alone: on two shared cores, processing thousands of queued stories would measure the machine, not the API.
        settings["LocalRunner:RunJobs"] = "false";
        await using var runner = await RunnerProcess.StartAsync(root, settings);
        using var api = await ApiClient.ForAsync(runner.Address, "bench-parent");
        var story = await api.CreateStoryAsync("Mia", narrated: false);
        var storyId = story.Location!.Split('/')[^1];

        using var cosmos = new CosmosClient(standIns.CosmosEndpoint!.AbsoluteUri, LocalStandIns.CosmosKey,
            new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        var stories = cosmos.GetContainer("bench", "stories");
        var floorItems = await cosmos.GetDatabase("bench").CreateContainerIfNotExistsAsync("floor", "/ownerId");
        var queue = new QueueClient(standIns.StorageConnectionString, "bench-floor", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        var owner = new PartitionKey("bench-parent");

        Func<Task<bool>> get = async () => (await api.Http.GetAsync($"/api/stories/{storyId}")).StatusCode == HttpStatusCode.OK;
        Func<Task<bool>> getFloor = async () =>
        {
            using var read = await stories.ReadItemStreamAsync(storyId, owner);
            return read.IsSuccessStatusCode;
        };
        Func<Task<bool>> post = async () => (await api.CreateStoryAsync("Mia", narrated: false)).Status == HttpStatusCode.Accepted;
        Func<Task<bool>> postFloor = async () =>
        {
            var id = Guid.NewGuid().ToString("N");
            using var created = await floorItems.Container.CreateItemStreamAsync(
                new MemoryStream(Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","ownerId":"bench-parent","status":"queued"}""")), owner);
            await queue.SendMessageAsync($$"""{"jobId":"{{id}}"}""");
            return created.IsSuccessStatusCode;
        };

        // Untimed load first: both processes' tiered JIT recompiles the hot paths for several seconds after start,
        // which would otherwise land in whichever step runs first.
        foreach (var call in new[] { get, getFloor, post, postFloor })
            await MeasureAsync(8, WarmUp, call);

        var rows = new List<Row>();
        foreach (var clients in clientCounts)
        {
            var (getTimes, getRate) = await MeasureAsync(clients, perStep, get);
            var (getFloorTimes, _) = await MeasureAsync(clients, perStep, getFloor);
            rows.Add(ToRow("GET /api/stories/{id}", clients, getTimes, getRate, getFloorTimes));
            log.WriteLine($"  GET  {clients,2} clients: {Percentiles.Summary(getTimes)}  floor p50 {Percentiles.Of(getFloorTimes, 50):0.0} ms");

            var (postTimes, postRate) = await MeasureAsync(clients, perStep, post);
            var (postFloorTimes, _) = await MeasureAsync(clients, perStep, postFloor);
            rows.Add(ToRow("POST /api/stories", clients, postTimes, postRate, postFloorTimes));
            log.WriteLine($"  POST {clients,2} clients: {Percentiles.Summary(postTimes)}  floor p50 {Percentiles.Of(postFloorTimes, 50):0.0} ms");
        }
        return rows;
    }

    private static Row ToRow(string operation, int clients, List<double> pipeline, double rate, List<double> floor) => new(
        operation, clients, Percentiles.Of(pipeline, 50), Percentiles.Of(pipeline, 95), Percentiles.Of(pipeline, 99), rate,
        Percentiles.Of(floor, 50), Percentiles.Of(floor, 95));

    /// <summary>Runs the call from <paramref name="clients"/> loops for a fixed time; returns latencies (ms) and calls/s.</summary>
    private static async Task<(List<double> Millis, double PerSecond)> MeasureAsync(int clients, TimeSpan duration, Func<Task<bool>> call)
    {
        for (var i = 0; i < 20; i++) await call(); // warm-up
        var millis = new List<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                if (!await call()) Interlocked.Increment(ref failures);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            lock (millis) millis.AddRange(mine);
        })));
        if (failures > 0) Console.WriteLine($"  ({failures} calls failed during this step)");
        return (millis, millis.Count / clock.Elapsed.TotalSeconds);
    }
}
