using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Bedtime.LoadRuns;

/// <summary>Runs the measurable claims and writes docs/benchmarks.md: machine, date, figures, targets met or missed.</summary>
public static class BenchmarkReport
{
    public static async Task<int> RunAsync(string root, TimeSpan perStep)
    {
        var md = new StringBuilder();
        var date = DateTimeOffset.UtcNow;
        md.AppendLine("# Bedtime benchmarks").AppendLine();
        md.AppendLine($"Produced by `./scripts/benchmarks` on {date:yyyy-MM-dd HH:mm} UTC. Machine: {Environment.ProcessorCount} cores, {MemoryGiB():0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}; {Cpu()}.");
        md.AppendLine("Everything runs on this one machine: the app as it deploys — the real Functions worker (`dotnet Bedtime.Functions.dll`) behind the project's local Functions host, as `./scripts/run` runs it — and, side by side, the in-process runner; Azurite and the Cosmos DB stand-in (Node) beside them, and the load generator. Figures from a shared 2-core machine are noisy: rerun to compare, and compare ratios rather than absolute numbers.").AppendLine();

        Console.WriteLine("startup…");
        md.AppendLine("## Start-up").AppendLine();
        md.AppendLine("From starting the process until the API answers, stand-ins (in memory) included. The Functions host starts the stand-ins and the worker together; \"worker\" is the worker's own part, from its process start to its functions being loaded.").AppendLine();
        md.AppendLine("| run | Functions host + worker | of which worker | in-process runner | of which stand-ins |").AppendLine("|---|---|---|---|---|");
        for (var i = 0; i < 3; i++)
        {
            var noData = new Dictionary<string, string> { ["LocalRunner:DataDirectory"] = "" };
            double hostTotal, worker, inProcessTotal, standIns;
            await using (var host = await RunnerProcess.StartAsync(root, noData, kind: RunnerKind.FunctionsHost))
                (hostTotal, worker) = (host.Startup.TotalSeconds, host.WorkerStartup.TotalSeconds);
            await using (var inProcess = await RunnerProcess.StartAsync(root, noData, kind: RunnerKind.InProcess))
                (inProcessTotal, standIns) = (inProcess.Startup.TotalSeconds, inProcess.StandInsStartup.TotalSeconds);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {hostTotal:0.00} s | {worker:0.00} s | {inProcessTotal:0.00} s | {standIns:0.00} s |");
        }
        md.AppendLine();

        Console.WriteLine("API latency…");
        var api = await ApiLatencyRun.RunAsync(root, [1, 8, 32], perStep, Console.Out);
        md.AppendLine("## API latency under load: host + worker, in-process, SDK floor").AppendLine();
        md.AppendLine($"Each step runs for {perStep.TotalSeconds:0} s per side, one side after the other against the same stand-ins. **host + worker** is the deployed shape: the request reaches the local Functions host, which sends the invocation over gRPC and forwards the request over HTTP to the worker, where the pipeline runs — the same hop the real Functions host adds in Azure. **in-process** is the same application with no hop. The **floor** is the same work done directly through the SDKs from the load generator: a Cosmos point read for GET; a Cosmos create plus a queue send for POST. Queue listeners are off on both hosts for this part, so the figures are the API's own; the story section below measures the whole path.").AppendLine();
        md.AppendLine("| operation | clients | host+worker p50 | p95 | p99 | req/s | in-process p50 | p95 | req/s | floor p50 | p95 | host÷floor (p50) | in-process÷floor | host÷in-process |").AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in api.Rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{r.Operation}` | {r.Clients} | {r.Host.P50:0.0} ms | {r.Host.P95:0.0} ms | {r.Host.P99:0.0} ms | {r.Host.PerSecond:0} | {r.InProcess.P50:0.0} ms | {r.InProcess.P95:0.0} ms | {r.InProcess.PerSecond:0} | {r.Floor.P50:0.0} ms | {r.Floor.P95:0.0} ms | {r.Host.P50 / r.Floor.P50:0.00}× | {r.InProcess.P50 / r.Floor.P50:0.00}× | {r.Host.P50 / r.InProcess.P50:0.00}× |");
        var get8 = api.Rows.Single(r => r.Operation.StartsWith("GET", StringComparison.Ordinal) && r.Clients == 8);
        var post8 = api.Rows.Single(r => r.Operation.StartsWith("POST", StringComparison.Ordinal) && r.Clients == 8);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"* Memory after the run (resident / peak): Functions host **{api.Host.Rss:0} / {api.Host.Peak:0} MiB**, worker **{api.Worker.Rss:0} / {api.Worker.Peak:0} MiB** (together {api.Host.Rss + api.Worker.Rss:0} MiB); in-process runner **{api.InProcess.Rss:0} / {api.InProcess.Peak:0} MiB**. In Azure the host's share is the platform's, not the app's.");
        md.AppendLine(CultureInfo.InvariantCulture, $"* The extra hop: at 8 clients GET costs {get8.Host.P50 / get8.InProcess.P50:0.00}× the in-process p50 ({get8.Host.P50 - get8.InProcess.P50:+0.0;-0.0} ms) and POST {post8.Host.P50 / post8.InProcess.P50:0.00}× ({post8.Host.P50 - post8.InProcess.P50:+0.0;-0.0} ms); throughput {get8.Host.PerSecond / get8.InProcess.PerSecond:0%} and {post8.Host.PerSecond / post8.InProcess.PerSecond:0%} of in-process. On two shared cores the host, the worker, the stand-ins and the load generator compete for the CPU, so the hop costs more here than on a Functions instance, where the host and the worker have the instance to themselves.");
        md.AppendLine(CultureInfo.InvariantCulture, $"* Target: pipeline overhead ≤ 1.3× the floor at p50 for GET at 8 clients — in-process **{get8.InProcess.P50 / get8.Floor.P50:0.00}×** ({(get8.InProcess.P50 / get8.Floor.P50 <= 1.3 ? "met" : "missed")}), host + worker **{get8.Host.P50 / get8.Floor.P50:0.00}×** ({(get8.Host.P50 / get8.Floor.P50 <= 1.3 ? "met" : "missed")}). The floor has no HTTP hop at all; when the read itself takes about a millisecond, each loopback hop is a large share of it.");
        md.AppendLine(CultureInfo.InvariantCulture, $"* Target: `POST /api/stories` p95 < 50 ms at 8 clients — host + worker **{post8.Host.P95:0.0} ms** ({(post8.Host.P95 < 50 ? "met" : "missed")}), in-process {post8.InProcess.P95:0.0} ms.");
        md.AppendLine();

        Console.WriteLine("stories end to end…");
        var stories = await CaptureAsync(async writer =>
        {
            await using var runner = await RunnerProcess.StartAsync(root, new Dictionary<string, string>(FaultSuite.GenerousRateLimits) { ["Auth:DevelopmentTokens"] = "true", ["Narrator:Provider"] = "None", ["LocalRunner:DataDirectory"] = "" }, kind: RunnerKind.FunctionsHost);
            var previous = Console.Out;
            Console.SetOut(writer);
            try { await StoryLatencyRun.RunAsync(runner, 200, 8); } finally { Console.SetOut(previous); }
        });
        md.AppendLine("## Story end to end (host + worker)").AppendLine().AppendLine("```").Append(stories).AppendLine("```").AppendLine();

        Console.WriteLine("progressive narrated stories…");
        var progressive = await CaptureAsync(async writer =>
        {
            var previous = Console.Out;
            Console.SetOut(writer);
            try { await ProgressiveStoryRun.RunAsync(root, 20, 4, ProviderPace.Published, new Dictionary<string, string>(FaultSuite.GenerousRateLimits) { ["Auth:DevelopmentTokens"] = "true", ["LocalRunner:DataDirectory"] = "" }); }
            finally { Console.SetOut(previous); }
        });
        md.AppendLine("## Progressive narrated stories (host + worker)").AppendLine().AppendLine(ProgressiveStoryRun.About).AppendLine()
            .AppendLine("```").Append(progressive).AppendLine("```").AppendLine();

        Console.WriteLine("upload throughput…");
        md.AppendLine("## Upload throughput").AppendLine();
        md.AppendLine("200 MiB through `POST /api/uploads` (streamed, hashed, inspected) against a plain `BlobClient.UploadAsync` of the same bytes to the same Azurite (on disk), after two untimed warm-up rounds; targets ≥ 80 % of the plain speed and < 64 MiB memory growth of the runner. This one runs in-process (its memory figure is the application's own); the host forwards upload bodies as a stream (tests/Bedtime.Tests/Integration/RealWorkerTests.cs).").AppendLine();
        md.AppendLine("```").Append(await ToolAsync(root, "--upload")).AppendLine("```").AppendLine();
        Console.WriteLine("backup throughput…");
        md.AppendLine("## Backup throughput").AppendLine();
        md.AppendLine("Backup of the Cosmos containers to gzip NDJSON in Blob storage against a plain drain of the same containers through the SDK; target ≥ 70 % of the drain, flat memory.").AppendLine();
        md.AppendLine("```").Append(await ToolAsync(root, "backup", "--documents", "1000,10000,100000", "--repeat", "1")).AppendLine("```").AppendLine();

        var path = Path.Combine(root, "docs", "benchmarks.md");
        await File.WriteAllTextAsync(path, md.ToString());
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    /// <summary>Runs a benchmark of benchmarks/Bedtime.Benchmarks and returns what it printed.</summary>
    private static async Task<string> ToolAsync(string root, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["run", "-c", "Release", "--no-build", "--project", "benchmarks/Bedtime.Benchmarks", "--", .. arguments])
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        Console.Write(text);
        return text;
    }

    private static async Task<string> CaptureAsync(Func<TextWriter, Task> run)
    {
        await using var writer = new StringWriter();
        await run(writer);
        Console.Write(writer.ToString());
        return writer.ToString();
    }

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "cpu unknown" : "cpu unknown";
}
