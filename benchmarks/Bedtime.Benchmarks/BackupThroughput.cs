using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bedtime.Backups;
using Bedtime.Local.Hosting;
using Bedtime.Local.StandIns;
using Bedtime.Platform;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bedtime.Benchmarks;

/// <summary>
/// <c>backup [--documents 1000,10000,100000] [--repeat 3] [--query-up-to 10000]</c>: backup throughput against the local stand-ins, side by
/// side with a plain drain of the same containers through the SDK, with the managed heap sampled during each phase.
/// A console mode rather than a BenchmarkDotNet class: each operation takes seconds and talks to real servers.
/// </summary>
public static class BackupThroughput
{
    private const int PageSize = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var counts = Option(args, "--documents", "1000,10000,100000").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var repeat = int.Parse(Option(args, "--repeat", "3"), CultureInfo.InvariantCulture);
        // The stand-in's query engine evaluates the whole container for every page: beyond this, SELECT * takes minutes.
        var queryUpTo = int.Parse(Option(args, "--query-up-to", "10000"), CultureInfo.InvariantCulture);
        var root = RepositoryRoot.Find();
        await using var standIns = await LocalStandIns.StartAsync(
            new StandInsOptions(StandInsOptions.FindToolsDirectory(root), StartStorage: true, StartCosmos: true, DataDirectory: null), CancellationToken.None);
        Console.WriteLine($"Backup throughput: {Environment.ProcessorCount} cores, page size {PageSize}, median of {repeat} runs; stand-ins in memory.");
        Console.WriteLine();
        Console.WriteLine("documents | insert s | drain docs/s | SELECT * docs/s | backup export docs/s | export ÷ drain | backup incl. verify docs/s | drain live heap MB | backup live heap MB | backup working set +MB | backup alloc KB/doc");
        Console.WriteLine("---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:");
        foreach (var count in counts)
            Console.WriteLine(await MeasureAsync(standIns, count, repeat, queryUpTo));
        Console.WriteLine();
        Console.WriteLine($"Process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MB (includes seeding).");
        return 0;
    }

    private static async Task<string> MeasureAsync(LocalStandIns standIns, int count, int repeat, int queryUpTo)
    {
        var database = $"bench{count}-{Guid.NewGuid():N}"[..24];
        var container = $"bench{count}-{Guid.NewGuid():N}"[..24];
        var settings = new Dictionary<string, string?>(standIns.Settings())
        {
            ["Cosmos:Database"] = database,
            ["Backups:Container"] = container,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var runner = await LocalRunner.CreateAsync([], settings);
        var services = runner.App.Services;
        await services.GetServices<IHostedService>().OfType<Provisioning>().Single().EnsureCreatedAsync(CancellationToken.None);
        await services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(container).CreateIfNotExistsAsync();
        var cosmos = services.GetRequiredService<CosmosClient>().GetDatabase(database);
        var stories = cosmos.GetContainer(CosmosContainers.Stories);
        var uploads = cosmos.GetContainer(CosmosContainers.Uploads);

        var seeding = Stopwatch.StartNew();
        await SeedAsync(stories, count * 6 / 10);
        await SeedAsync(uploads, count - count * 6 / 10);
        seeding.Stop();

        var backups = services.GetRequiredService<BackupRunner>();
        async Task<(Sample Run, Sample Export)> BackupAsync(bool measureLive)
        {
            BackupManifest? manifest = null;
            var run = await SampleAsync(async () =>
            {
                manifest = await backups.RunAsync(BackupRunner.AdminTrigger, CancellationToken.None);
                return manifest!.Containers.Sum(c => c.Documents);
            }, measureLive);
            if (!manifest!.Verified || run.Documents != count) throw new InvalidOperationException("The backup did not verify or missed documents.");
            return (run, run with { Elapsed = manifest.FinishedAt!.Value - manifest.StartedAt });
        }

        var drains = new List<Sample>();
        var queries = new List<Sample>();
        var exports = new List<Sample>();
        var runs = new List<Sample>();
        for (var i = 0; i < repeat; i++)
        {
            drains.Add(await SampleAsync(() => DrainAsync([stories, uploads])));
            if (count <= queryUpTo) queries.Add(await SampleAsync(() => QueryAsync([stories, uploads])));
            var (timedRun, timedExport) = await BackupAsync(measureLive: false);
            runs.Add(timedRun);
            exports.Add(timedExport);
        }
        var drainLive = await SampleAsync(() => DrainAsync([stories, uploads]), measureLive: true);
        var backupLive = (await BackupAsync(measureLive: true)).Run;

        var drain = Median(drains, s => s.Rate);
        var export = Median(exports, s => s.Rate);
        var query = queries.Count > 0 ? Median(queries, s => s.Rate).ToString("0", CultureInfo.InvariantCulture) : "–";
        return string.Create(CultureInfo.InvariantCulture,
            $"{count} | {seeding.Elapsed.TotalSeconds:0.0} | {drain:0} | {query} | {export:0} | {export / drain:P0} | {Median(runs, s => s.Rate):0} | " +
            $"{drainLive.PeakLiveMb:0.0} | {backupLive.PeakLiveMb:0.0} | {Median(runs, s => s.PeakWorkingSetMb):0} | " +
            $"{Median(runs, s => s.AllocatedBytes / 1024.0 / s.Documents):0.00}");
    }

    /// <param name="PeakLiveMb">With <c>measureLive</c>: the most the managed heap held, measured by a full collection every 50 ms.</param>
    /// <param name="PeakWorkingSetMb">The process's largest working set during the phase, above its level at the start.</param>
    private sealed record Sample(long Documents, TimeSpan Elapsed, double PeakLiveMb, double PeakWorkingSetMb, long AllocatedBytes)
    {
        public double Rate => Documents / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Runs one phase while sampling the working set. With <paramref name="measureLive"/> the sampler also forces a full
    /// collection every 50 ms to read the live heap; that slows the phase, so its timing is not used then.
    /// </summary>
    private static async Task<Sample> SampleAsync(Func<Task<long>> phase, bool measureLive = false)
    {
        var liveBaseline = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        var workingSetBaseline = process.WorkingSet64;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        long peakLive = 0, peakWorkingSet = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64 - workingSetBaseline);
                if (measureLive) peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - liveBaseline);
                await Task.Delay(measureLive ? 50 : 5, CancellationToken.None);
            }
        }, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var documents = await phase();
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        return new Sample(documents, clock.Elapsed, peakLive / 1024.0 / 1024.0, peakWorkingSet / 1024.0 / 1024.0,
            GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    /// <summary>The plain drain: the same feed the backup reads, each page read to the end and thrown away.</summary>
    private static async Task<long> DrainAsync(IEnumerable<Container> containers)
    {
        long documents = 0;
        var buffer = new byte[64 * 1024];
        foreach (var container in containers)
        {
            using var feed = container.GetItemQueryStreamIterator((string?)null, null, new QueryRequestOptions { MaxItemCount = PageSize });
            while (feed.HasMoreResults)
            {
                using var page = await feed.ReadNextAsync();
                page.EnsureSuccessStatusCode();
                while (await page.Content.ReadAsync(buffer) > 0) { }
                documents += int.Parse(page.Headers["x-ms-item-count"], CultureInfo.InvariantCulture);
            }
        }
        return documents;
    }

    /// <summary><c>SELECT * FROM c</c> through the query engine, deserialised and discarded: what "query everything" costs.</summary>
    private static async Task<long> QueryAsync(IEnumerable<Container> containers)
    {
        long documents = 0;
        foreach (var container in containers)
        {
            using var feed = container.GetItemQueryIterator<JsonElement>("SELECT * FROM c", null, new QueryRequestOptions { MaxItemCount = PageSize });
            while (feed.HasMoreResults)
                documents += (await feed.ReadNextAsync()).Count;
        }
        return documents;
    }

    private static Task SeedAsync(Container container, int count) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, token) =>
        {
            var owner = $"owner-{n % 500}";
            using var body = new MemoryStream(Encoding.UTF8.GetBytes(StoryLike(container.Id, n, owner)));
            using var response = await container.CreateItemStreamAsync(body, new PartitionKey(owner), cancellationToken: token);
            response.EnsureSuccessStatusCode();
        });

    /// <summary>About 2.5 KB, shaped like a completed story: request, title, a dozen paragraphs, timestamps.</summary>
    private static string StoryLike(string kind, int n, string owner)
    {
        var paragraphs = string.Join(",", Enumerable.Range(0, 12).Select(p =>
            $"\"Paragraph {p} of story {n}: the little fox looked up at the moon, counted {p + n % 17} stars and whispered good night to the owl.\""));
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"id":"{{kind}}-{{n}}","ownerId":"{{owner}}","schemaVersion":1,"status":"completed","progress":100,"request":{"childName":"Mia","age":{{n % 10 + 2}},"theme":"space","length":"medium"},"title":"Mia and the moon {{n}}","paragraphs":[{{paragraphs}}],"wordCount":{{600 + n % 100}},"attempts":1,"createdAt":"2026-11-24T12:00:00Z","updatedAt":"2026-11-24T12:01:00Z"}""");
    }

    private static double Median(List<Sample> samples, Func<Sample, double> value) => samples.Select(value).Order().ElementAt(samples.Count / 2);

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
