using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bedtime.Secrets;

namespace Bedtime.LoadRuns;

/// <summary>
/// Issue 15's benchmark: narrated medium stories from several clients against providers that take the time the real
/// ones take (<see cref="RealisticProviderStub"/>), the progressive pipeline and the same pipeline run
/// non-progressively (Stories:ProgressiveNarration=false: the whole text, then the narration) side by side in one run.
/// Per story, from the client's POST: when the first segment could play, when the joined audio could, when it was completed.
/// </summary>
public static class ProgressiveStoryRun
{
    private sealed record Timings(double FirstSegment, double Audio, double Completed);

    /// <summary>What the run measures and where the stubs' pace comes from, for the report.</summary>
    public const string About =
        "Narrated medium stories (about 600 words) from 4 clients, each polling its story every 100 ms, through the Azure OpenAI writer and the Azure AI Speech " +
        "narrator against stubs that take the time the services take: the model's first token after 1 s, then 50 tokens/s — the output speed Azure OpenAI's " +
        "provisioned deployments target for 99 % of calls (\"Latency Target Value: 99% > 50 Tokens Per Second\" for gpt-4.1 and gpt-5.x in Microsoft's " +
        "provisioned throughput onboarding tables); speech's first byte after 200 ms (a published measurement of Azure AI Speech's time to first segment: " +
        "0.16–0.20 s, in Accenture AI Refinery's model catalogue); synthesis at a tenth of real time and 150 words a minute, for which no published figure was " +
        "found (assumptions, set in `ProviderPace`). The same pipeline runs progressively and with `Stories__ProgressiveNarration=false` (the whole text, " +
        "then the narration), one after the other in one run. Before this pipeline existed, audio could first play when the joined file did.";

    public static async Task<int> RunAsync(string root, int count, int clients, ProviderPace pace, IReadOnlyDictionary<string, string> baseSettings)
    {
        await using var stub = await RealisticProviderStub.StartAsync(pace);
        var vaultPath = Path.Combine(Path.GetTempPath(), $"bedtime-progressive-vault-{Guid.NewGuid():N}.json");
        var vault = new LocalFileSecretVault(vaultPath, TimeProvider.System);
        await vault.AddVersionAsync("openai-key", "stub-key", null, new Dictionary<string, string>(), CancellationToken.None);
        await vault.AddVersionAsync("speech-key", "stub-key", null, new Dictionary<string, string>(), CancellationToken.None);
        Console.WriteLine($"Narrated medium stories, {count} from {clients} clients; model: first token after {pace.FirstToken.TotalSeconds:0.0#} s, then {pace.TokensPerSecond:0} tokens/s; " +
            $"speech: first byte after {pace.SpeechFirstByte.TotalMilliseconds:0} ms, real-time factor {pace.SpeechRealTimeFactor:0.0#}, {pace.WordsPerMinute:0} words/min");
        try
        {
            var results = new Dictionary<bool, List<Timings>>();
            var failures = 0;
            foreach (var progressive in new[] { true, false })
            {
                var settings = new Dictionary<string, string>(baseSettings)
                {
                    ["LocalVault:Path"] = vaultPath,
                    ["StoryWriter:Provider"] = "AzureOpenAI",
                    ["OpenAI:Endpoint"] = stub.Endpoint.AbsoluteUri,
                    ["OpenAI:Deployment"] = "bedtime-bench",
                    ["OpenAI:ApiKeySecretName"] = "openai-key",
                    ["OpenAI:Timeout"] = "00:01:00",
                    ["Narrator:Provider"] = "AzureSpeech",
                    ["Speech:Endpoint"] = stub.Endpoint.AbsoluteUri,
                    ["Speech:KeySecretName"] = "speech-key",
                    ["Stories:WritingTimeout"] = "00:02:00",
                    ["Stories:ProgressiveNarration"] = progressive ? "true" : "false",
                };
                await using var runner = await RunnerProcess.StartAsync(root, settings, new Dictionary<string, string> { ["SSL_CERT_FILE"] = stub.CertificatePemPath });
                using var api = await ApiClient.ForAsync(runner.Address, "bench-parent");
                await MeasureAsync(api.Http, 0); // warm up: JIT, connections, the first Cosmos and queue calls
                var timings = new List<Timings>();
                await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, _) =>
                {
                    var measured = await MeasureAsync(api.Http, i);
                    lock (timings)
                    {
                        if (measured is null) failures++;
                        else timings.Add(measured);
                    }
                });
                results[progressive] = timings;
            }

            Console.WriteLine($"  {"seconds from POST",-34} {"progressive p50",16} {"p95",8} {"non-progressive p50",20} {"p95",8} {"ratio p95",10}");
            Row("first segment playable", t => t.FirstSegment);
            Row("joined audio playable", t => t.Audio);
            Row("completed", t => t.Completed);
            var firstP95 = Percentiles.Of(results[true].Select(t => t.FirstSegment).ToList(), 95);
            var oldP95 = Percentiles.Of(results[false].Select(t => t.Audio).ToList(), 95);
            Console.WriteLine($"  before this change audio could first play with the joined file: p95 {oldP95:0.0} s; now the first segment plays at p95 {firstP95:0.0} s ({firstP95 / oldP95:0.00} of it)");
            Console.WriteLine($"  stub saw {stub.Counts}; failures {failures}");
            return failures == 0 ? 0 : 1;

            void Row(string name, Func<Timings, double> pick)
            {
                var (now, then) = (results[true].Select(pick).ToList(), results[false].Select(pick).ToList());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-34} {Percentiles.Of(now, 50),16:0.00} {Percentiles.Of(now, 95),8:0.00} {Percentiles.Of(then, 50),20:0.00} {Percentiles.Of(then, 95),8:0.00} {Percentiles.Of(now, 95) / Percentiles.Of(then, 95),10:0.00}"));
            }
        }
        finally
        {
            File.Delete(vaultPath);
        }
    }

    /// <summary>POSTs a narrated medium story and reads it every 100 ms until completed.</summary>
    private static async Task<Timings?> MeasureAsync(HttpClient http, int i)
    {
        var body = $$"""{"childName":"Mia","age":{{4 + i % 6}},"theme":"the sea","length":"medium","narration":{"enabled":true} }""";
        var clock = Stopwatch.StartNew();
        using var created = await http.PostAsync("/api/stories", new StringContent(body, Encoding.UTF8, "application/json"));
        if (!created.IsSuccessStatusCode) { Console.Error.WriteLine($"  POST failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}"); return null; }
        var location = created.Headers.Location!.ToString();
        double? first = null, audio = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            using var read = await http.GetAsync(location);
            var story = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
            var now = clock.Elapsed.TotalSeconds;
            if (first is null && story.GetProperty("narration").GetProperty("segments").GetArrayLength() > 0) first = now;
            if (audio is null && story.GetProperty("audio").ValueKind == JsonValueKind.Object) audio = now;
            switch (story.GetProperty("status").GetString())
            {
                case "completed" when first is not null && audio is not null:
                    return new Timings(first.Value, audio.Value, now);
                case "completed" or "failed":
                    Console.Error.WriteLine($"  story ended {story.GetProperty("status")} without audio: {story.GetProperty("error")} {story.GetProperty("audioUnavailableReason")}");
                    return null;
            }
            await Task.Delay(100);
        }
        return null;
    }
}
