using System.Diagnostics;
using System.Net;
using System.Text;
using Azure.Storage.Queues;
using Bedtime.Local.StandIns;
using Microsoft.Azure.Cosmos;

namespace Bedtime.LoadRuns;

/// <summary>
/// API latency under load, side by side in one run: the real Functions worker behind the local Functions host (what
/// deploys), the application in-process (no second hop), and the floor — the same Cosmos point read
/// (GET /api/stories/{id}) and the same document write plus queue send (POST /api/stories) done directly through the
/// SDKs against the same stand-ins.
/// </summary>
public static class ApiLatencyRun
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public sealed record Side(double P50, double P95, double P99, double PerSecond);

    public sealed record Row(string Operation, int Clients, Side Host, Side InProcess, Side Floor);

    /// <summary>Resident memory after the run and its peak, in MiB.</summary>
    public sealed record Memory(double Rss, double Peak);

    public sealed record Result(IReadOnlyList<Row> Rows, Memory Host, Memory Worker, Memory InProcess);

    public static async Task<Result> RunAsync(string root, IReadOnlyList<int> clientCounts, TimeSpan perStep, TextWriter log)
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
        await using var host = await RunnerProcess.StartAsync(root, settings, kind: RunnerKind.FunctionsHost);
        await using var inProcess = await RunnerProcess.StartAsync(root, settings, kind: RunnerKind.InProcess);
        using var api = await ApiClient.ForAsync(host.Address, "bench-parent");
        using var direct = await ApiClient.ForAsync(inProcess.Address, "bench-parent");
        var story = await api.CreateStoryAsync("Mia", narrated: false);
        var storyId = story.Location!.Split('/')[^1];

        using var cosmos = new CosmosClient(standIns.CosmosEndpoint!.AbsoluteUri, LocalStandIns.CosmosKey,
            new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        var stories = cosmos.GetContainer("bench", "stories");
        var floorItems = await cosmos.GetDatabase("bench").CreateContainerIfNotExistsAsync("floor", "/ownerId");
        var queue = new QueueClient(standIns.StorageConnectionString, "bench-floor", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        var owner = new PartitionKey("bench-parent");

        Func<ApiClient, Func<Task<bool>>> get = client => async () =>
        {
            using var response = await client.Http.GetAsync($"/api/stories/{storyId}");
            return response.StatusCode == HttpStatusCode.OK;
        };
        Func<Task<bool>> getFloor = async () =>
        {
            using var read = await stories.ReadItemStreamAsync(storyId, owner);
            return read.IsSuccessStatusCode;
        };
        Func<ApiClient, Func<Task<bool>>> post = client => async () => (await client.CreateStoryAsync("Mia", narrated: false)).Status == HttpStatusCode.Accepted;
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
        foreach (var call in new[] { get(api), get(direct), getFloor, post(api), post(direct), postFloor })
            await MeasureAsync(8, WarmUp, call);

        var rows = new List<Row>();
        foreach (var clients in clientCounts)
        {
            foreach (var (operation, call, floor) in new[] { ("GET /api/stories/{id}", get, getFloor), ("POST /api/stories", post, postFloor) })
            {
                var row = new Row(operation, clients,
                    Summarise(await MeasureAsync(clients, perStep, call(api))),
                    Summarise(await MeasureAsync(clients, perStep, call(direct))),
                    Summarise(await MeasureAsync(clients, perStep, floor)));
                rows.Add(row);
                log.WriteLine($"  {operation,-22} {clients,2} clients: p50 host+worker {row.Host.P50:0.0} ms, in-process {row.InProcess.P50:0.0} ms, floor {row.Floor.P50:0.0} ms");
            }
        }
        return new Result(rows, ToMiB(host.Memory()), ToMiB(host.WorkerMemory()), ToMiB(inProcess.Memory()));
    }

    private static Memory ToMiB((long Rss, long Peak) memory) => new(memory.Rss / 1048576.0, memory.Peak / 1048576.0);

    private static Side Summarise((List<double> Millis, double PerSecond) run) =>
        new(Percentiles.Of(run.Millis, 50), Percentiles.Of(run.Millis, 95), Percentiles.Of(run.Millis, 99), run.PerSecond);

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
