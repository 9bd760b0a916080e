using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bedtime.LoadRuns;

/// <summary>
/// End-to-end story latency through the local runner: POST /api/stories (no narration) until the story is
/// completed. Reports the POST latency, the server-recorded queue-to-completed time and the client-observed time.
/// </summary>
public static class StoryLatencyRun
{
    public static async Task<int> RunAsync(RunnerProcess runner, int count, int concurrency)
    {
        using var http = new HttpClient { BaseAddress = runner.Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, "load-parent"));
        // Warm up: JIT, connections, first Cosmos and queue calls.
        for (var i = 0; i < 5; i++) await CreateAndWaitAsync(http, i);

        var post = new List<double>();
        var server = new List<double>();
        var client = new List<double>();
        var failures = 0;
        var total = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var result = await CreateAndWaitAsync(http, i);
            lock (post)
            {
                if (result is null) { failures++; return; }
                post.Add(result.Value.Post);
                server.Add(result.Value.Server);
                client.Add(result.Value.Client);
            }
        });
        total.Stop();

        Console.WriteLine($"Stories end to end, {count} stories, {concurrency} concurrent clients, narration off, offline writer");
        Console.WriteLine($"  POST /api/stories (202)        {Percentiles.Summary(post)}");
        Console.WriteLine($"  queued -> completed (server)   {Percentiles.Summary(server)}");
        Console.WriteLine($"  POST -> completed (client)     {Percentiles.Summary(client)}   polled every 10 ms");
        Console.WriteLine($"  throughput {count / total.Elapsed.TotalSeconds:0.0} stories/s; failures {failures}");
        return failures == 0 ? 0 : 1;
    }

    public static async Task<string> TokenAsync(HttpClient http, string subject, params string[] roles)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { sub = subject, lifetimeMinutes = 600, roles });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<(double Post, double Server, double Client)?> CreateAndWaitAsync(HttpClient http, int i)
    {
        var body = $$"""{"childName":"Mia","age":{{1 + i % 12}},"theme":"{{Themes[i % Themes.Length]}}","length":"short"}""";
        var clock = Stopwatch.StartNew();
        using var created = await http.PostAsync("/api/stories", new StringContent(body, Encoding.UTF8, "application/json"));
        var postMs = clock.Elapsed.TotalMilliseconds;
        if (!created.IsSuccessStatusCode) { Console.Error.WriteLine($"  POST failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}"); return null; }
        var location = created.Headers.Location!.ToString();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var read = await http.GetAsync(location);
            var story = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
            var status = story.GetProperty("status").GetString();
            if (status == "completed")
            {
                var server = (story.GetProperty("completedAt").GetDateTimeOffset() - story.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds;
                return (postMs, server, clock.Elapsed.TotalMilliseconds);
            }
            if (status == "failed") return null;
            await Task.Delay(10);
        }
        return null;
    }

    private static readonly string[] Themes = ["space", "dragons", "the ocean", "dinosaurs", "pirates", "trains", "a snowy forest", "robots"];
}
