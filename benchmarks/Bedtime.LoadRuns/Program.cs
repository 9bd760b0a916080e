using System.Runtime.InteropServices;
using Bedtime.LoadRuns;
using Bedtime.Local.Hosting;

// Usage: dotnet run -c Release --project benchmarks/Bedtime.LoadRuns -- stories [count] [concurrency]
//        dotnet run -c Release --project benchmarks/Bedtime.LoadRuns -- progressive [count] [clients]
//        dotnet run -c Release --project benchmarks/Bedtime.LoadRuns -- faults [--in-process] [--short|--long] [crash|worker|provider|cosmos|azurite|hung]
var mode = args.ElementAtOrDefault(0) ?? "stories";
var root = RepositoryRoot.Find();
if (mode == "report")
    return await BenchmarkReport.RunAsync(root, TimeSpan.FromSeconds(int.Parse(args.ElementAtOrDefault(1) ?? "10", System.Globalization.CultureInfo.InvariantCulture)));
if (mode == "api")
{
    Console.WriteLine("API latency under load (host + worker, in-process, SDK floor)");
    await ApiLatencyRun.RunAsync(root, [1, 8, 32], TimeSpan.FromSeconds(int.Parse(args.ElementAtOrDefault(1) ?? "10", System.Globalization.CultureInfo.InvariantCulture)), Console.Out);
    return 0;
}
if (mode == "progressive")
{
    Console.WriteLine($"Bedtime progressive stories on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    return await ProgressiveStoryRun.RunAsync(root, int.Parse(args.ElementAtOrDefault(1) ?? "20", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args.ElementAtOrDefault(2) ?? "4", System.Globalization.CultureInfo.InvariantCulture), ProviderPace.Published,
        new Dictionary<string, string>(FaultSuite.GenerousRateLimits) { ["Auth:DevelopmentTokens"] = "true" });
}
if (mode == "faults")
{
    var kind = args.Contains("--in-process") ? RunnerKind.InProcess : RunnerKind.FunctionsHost;
    var only = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)); // optional: a word of one scenario's name
    Console.WriteLine($"Bedtime fault suite on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; " +
        (kind == RunnerKind.FunctionsHost ? "the real Functions worker behind the local Functions host" : "the in-process runner"));
    return await new FaultSuite(root, only, kind) { Short = args.Contains("--short"), Long = args.Contains("--long") }.RunAsync();
}
Console.WriteLine($"Bedtime load run '{mode}' on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");

// Limits generous enough that the run measures the pipeline, not the rate limiter.
var settings = new Dictionary<string, string>(FaultSuite.GenerousRateLimits)
{
    ["Auth:DevelopmentTokens"] = "true",
    ["Narrator:Provider"] = "None",
};

await using var runner = await RunnerProcess.StartAsync(root, settings);
Console.WriteLine($"  local runner started in {runner.Startup.TotalSeconds:0.00} s (process start, stand-ins, app)");
return mode switch
{
    "stories" => await StoryLatencyRun.RunAsync(runner, int.Parse(args.ElementAtOrDefault(1) ?? "200", System.Globalization.CultureInfo.InvariantCulture), int.Parse(args.ElementAtOrDefault(2) ?? "8", System.Globalization.CultureInfo.InvariantCulture)),
    _ => throw new ArgumentException($"Unknown mode '{mode}'. Modes: stories."),
};
