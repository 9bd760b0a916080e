using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Bedtime.Http;
using Bedtime.Local.Hosting;
using Bedtime.Local.StandIns;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Stories;
using Bedtime.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Benchmarks;

/// <summary>
/// <c>export [--stories 50,500,2000] [--repeat 3]</c>: how much memory <c>GET /api/me/export</c> holds while it streams an account of
/// each size (with two uploads for every five stories), side by side with a baseline that builds the same export whole
/// in memory first. The live managed heap is read by a full collection every 20 ms; the local runner is in-process and
/// the download is read and thrown away as it comes, so what grows is what the export holds. Flat = the streamed
/// export's peak stays put while the account grows.
/// </summary>
public static class ExportMemory
{
    private const int PageSize = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Option(args, "--stories", "50,500,2000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var repeat = int.Parse(Option(args, "--repeat", "3"), CultureInfo.InvariantCulture);
        var root = RepositoryRoot.Find();
        await using var standIns = await LocalStandIns.StartAsync(
            new StandInsOptions(StandInsOptions.FindToolsDirectory(root), StartStorage: true, StartCosmos: true, DataDirectory: null), CancellationToken.None);
        var port = FreePort();
        var settings = new Dictionary<string, string?>(standIns.Settings())
        {
            ["Cosmos:Database"] = $"export-{Guid.NewGuid():N}"[..20],
            [LocalDefaults.UrlSetting] = $"http://127.0.0.1:{port}",
            ["Auth:DevelopmentTokens"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var runner = await LocalRunner.CreateAsync([], settings);
        await runner.App.StartAsync();
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        var services = runner.App.Services;
        var stories = services.GetRequiredService<DocumentStore<StoryDocument>>();
        var uploads = services.GetRequiredService<DocumentStore<UploadDocument>>();

        Console.WriteLine($"Export memory: {Environment.ProcessorCount} cores, stand-ins in memory, live heap read by a full collection every 20 ms, median of {repeat} runs.");
        Console.WriteLine();
        Console.WriteLine("stories | uploads | export MB | streamed: peak live heap +MB | built whole (baseline): peak live heap +MB | streamed ÷ baseline");
        Console.WriteLine("---:|---:|---:|---:|---:|---:");
        var peaks = new List<(double Streamed, double Whole)>();
        foreach (var count in sizes)
        {
            var owner = $"export-benchmark-{count}";
            await SeedAsync(stories, uploads, owner, count, count * 2 / 5);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Measurement.TokenAsync(api, owner));
            await DownloadAsync(api); // warm: connections, JIT, the first pages' query plans

            long bytes = 0;
            var streamedRuns = new List<double>();
            var wholeRuns = new List<double>();
            for (var run = 0; run < repeat; run++)
            {
                streamedRuns.Add(await PeakLiveAsync(async () => bytes = await DownloadAsync(api)));
                wholeRuns.Add(await PeakLiveAsync(() => BuildWholeAsync(stories, uploads, owner)));
            }
            var (streamed, whole) = (Median(streamedRuns), Median(wholeRuns));
            peaks.Add((streamed, whole));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} | {count * 2 / 5} | {bytes / 1024.0 / 1024.0:0.0} | {streamed:0.0} | {whole:0.0} | {streamed / whole:P0}"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"from {sizes[0]} to {sizes[^1]} stories ({sizes[^1] / (double)sizes[0]:0}×): the streamed export held at most {peaks.Max(p => p.Streamed):0.0} MB at any size; " +
            $"built whole it held {peaks[0].Whole:0.0} → {peaks[^1].Whole:0.0} MB"));
        await runner.App.StopAsync();
        return 0;
    }

    /// <summary>The export as a client downloads it: read as it comes and thrown away; returns its length.</summary>
    private static async Task<long> DownloadAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/api/me/export", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) total += read;
        return total;
    }

    /// <summary>The baseline: every document read into memory, then the whole export serialised into one buffer.</summary>
    private static async Task<long> BuildWholeAsync(DocumentStore<StoryDocument> stories, DocumentStore<UploadDocument> uploads, string owner)
    {
        var all = new List<object>();
        all.AddRange(await AllAsync(stories, owner));
        all.AddRange(await AllAsync(uploads, owner));
        using var buffer = new MemoryStream();
        foreach (var item in all)
        {
            await JsonSerializer.SerializeAsync(buffer, item, item.GetType(), JsonDefaults.Options);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.Length;
    }

    private static async Task<List<T>> AllAsync<T>(DocumentStore<T> store, string owner) where T : class
    {
        var items = new List<T>();
        string? continuation = null;
        do
        {
            var page = await store.ListNewestFirstAsync(owner, PageSize, continuation, CancellationToken.None);
            items.AddRange(page?.Items ?? []);
            continuation = page?.Continuation;
        }
        while (continuation is not null);
        return items;
    }

    /// <summary>The most the managed heap held above its level before <paramref name="phase"/>, in MB.</summary>
    private static async Task<double> PeakLiveAsync(Func<Task<long>> phase)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);
        await phase();
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
        await stop.CancelAsync();
        await sampler;
        return peak / 1024.0 / 1024.0;
    }

    /// <summary>Completed stories of about 600 words (a medium story) and ready text uploads with their summaries.</summary>
    private static async Task SeedAsync(DocumentStore<StoryDocument> stories, DocumentStore<UploadDocument> uploads, string owner, int storyCount, int uploadCount)
    {
        var now = DateTimeOffset.UtcNow;
        var paragraph = string.Join(' ', Enumerable.Repeat("The little fox looked up at the moon and whispered good night to the owl.", 4));
        await Parallel.ForEachAsync(Enumerable.Range(0, storyCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, token) =>
            await stories.CreateAsync(new StoryDocument
            {
                Id = ResourceIds.NewStory(), OwnerId = owner, Status = StoryStatus.Completed, Progress = 100, Title = $"Mia and the moon {n}",
                Paragraphs = [.. Enumerable.Repeat(paragraph, 10)], WordCount = 600, CreatedAt = now.AddSeconds(-n), UpdatedAt = now, CompletedAt = now,
                Request = new StoryRequest("Mia", 5, "space", StoryLength.Medium),
            }, owner, token));
        await Parallel.ForEachAsync(Enumerable.Range(0, uploadCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, token) =>
            await uploads.CreateAsync(new UploadDocument
            {
                Id = ResourceIds.NewUpload(), OwnerId = owner, Status = UploadStatus.Ready, FileName = $"drawing-{n}.txt", ContentType = "text/plain",
                Kind = UploadKind.Text, SizeBytes = 4_000, CreatedAt = now.AddSeconds(-n), UpdatedAt = now,
                Result = new UploadResult("text", "A story about a fox and the moon.", paragraph, null, null, null),
            }, owner, token));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
