using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Bedtime.Secrets;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Writing;
using Bedtime.Tests.Integration;
using Bedtime.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bedtime.Tests.Security;

/// <summary>
/// Thousands of seeded malformed requests (<see cref="FuzzRequestGenerator"/>) from 8 parallel clients against the local
/// runner: no 5xx, every error a complete problem body, and the service as healthy afterwards as before.
/// <c>BEDTIME_FUZZ_REQUESTS</c> sets the count (default 5000) and <c>BEDTIME_FUZZ_SEED</c> the seed; request i is built
/// from its own generator seeded with (seed, i), so a failing request can be rebuilt from the printed numbers.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class FuzzTests(StandInsFixture standIns, ITestOutputHelper output)
{
    private const int DefaultSeed = 20261124;
    private const int Clients = 8;
    private const int Users = 12; // enough that many story and upload requests get past their limits into the handlers
    private static readonly string[] ProblemFields = ["type", "title", "status", "detail", "requestId", "traceId", "code"];

    [Fact]
    public async Task Malformed_requests_never_cause_a_5xx_and_every_error_is_a_problem()
    {
        var count = Setting("BEDTIME_FUZZ_REQUESTS", 5000);
        var seed = Setting("BEDTIME_FUZZ_SEED", DefaultSeed);
        await using var app = await standIns.StartRunnerAsync(s =>
        {
            s["Auth:DevelopmentTokens"] = "true";
            s["Cors:AllowedOrigins"] = "https://app.example";
            // High enough that most requests get past the limits, low enough that the 429 paths are taken too: each user makes
            // about 65 upload attempts with a valid token (the upload limit counts them all, refusals included), twice the limit.
            s["RateLimits:General:PermitLimit"] = "1000000";
            s["RateLimits:StoriesPerMinute:PermitLimit"] = "25";
            s["RateLimits:StoriesPerDay:PermitLimit"] = "1000";
            s["RateLimits:Uploads:PermitLimit"] = "30";
            s["Http:MaxUploadBodyBytes"] = "65536";
        }, s => s.AddSingleton<IStoryWriter>(new ScriptedStoryWriter()).AddSingleton<INarrator>(new ScriptedNarrator()));
        var tokens = new List<string>();
        foreach (var user in Enumerable.Range(0, Users).Select(u => $"fuzz-{u}"))
        {
            using var client = await app.ClientForAsync(user);
            tokens.Add(client.DefaultRequestHeaders.Authorization!.Parameter!);
        }
        var apiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await app.Services.GetRequiredService<ISecretVault>().AddVersionAsync("api-key-material", apiKey, null, new Dictionary<string, string>(), CancellationToken.None);
        var healthBefore = await HealthAsync(app);
        var generator = new FuzzRequestGenerator(tokens, apiKey);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, AllowAutoRedirect = false }) { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };

        var failures = new ConcurrentQueue<string>();
        var refusedByServer = 0;
        var statuses = new ConcurrentDictionary<int, int>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var request = generator.Next(new Random(HashCode.Combine(seed, i)));
                try
                {
                    using var response = await http.SendAsync(request.Message);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (RefusedByServer(response))
                        Interlocked.Increment(ref refusedByServer);
                    else if (await CheckAsync(request.Message, response) is { } problem)
                        failures.Enqueue($"#{i}: {problem} — {request.Description}");
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted)
                        generator.Remember(response.Headers.Location?.ToString());
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue($"#{i}: no answer ({ex.GetType().Name}: {ex.Message}) — {request.Description}");
                }
                finally
                {
                    request.Message.Dispose();
                }
            }
        })));
        clock.Stop();
        var healthAfter = await HealthAsync(app);

        output.WriteLine($"fuzz: {count} requests, seed {seed}, {Clients} clients, {clock.Elapsed.TotalSeconds:0.0} s ({count / clock.Elapsed.TotalSeconds:0} requests/s)");
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")) +
            $"; {refusedByServer} of the 400s from Kestrel itself (a NUL or a malformed escape in the path), before the application");
        Assert.True(failures.IsEmpty, $"seed {seed} (BEDTIME_FUZZ_SEED={seed}, request i built from new Random(HashCode.Combine(seed, i))): {failures.Count} failures:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(statuses.ContainsKey(429), "no request reached a rate limit");
        Assert.True(statuses.Keys.Any(s => s is 201 or 202), "no request succeeded in creating anything");
        Assert.Equal(HttpStatusCode.OK, healthAfter.Status);
        Assert.Equal(healthBefore.Body, healthAfter.Body);
        Assert.True(string.IsNullOrEmpty(app.Logs.Errors), $"seed {seed}: the runner logged errors:\n{app.Logs.Errors[..Math.Min(4000, app.Logs.Errors.Length)]}");
    }

    /// <summary>
    /// Kestrel answers a request target it cannot parse (e.g. <c>%00</c> in the path) itself with an empty 400, before any
    /// middleware runs: no request id, no security headers, no problem body. Nothing of the application is involved.
    /// </summary>
    private static bool RefusedByServer(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.BadRequest && !response.Headers.Contains("X-Request-Id") && response.Content.Headers.ContentLength == 0;

    /// <summary>What is wrong with a response, or null: no 5xx, and an error is a problem body with every field.</summary>
    private static async Task<string?> CheckAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status} {await response.Content.ReadAsStringAsync()}";
        if (!response.Headers.Contains("X-Content-Type-Options")) return $"{status} without security headers";
        if (status < 400 || request.Method == HttpMethod.Head) return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"{status} as '{response.Content.Headers.ContentType}'";
        try
        {
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var missing = ProblemFields.Where(f => !problem.TryGetProperty(f, out _)).ToList();
            if (missing.Count > 0) return $"{status} problem without {string.Join(", ", missing)}";
            if (problem.GetProperty("status").GetInt32() != status) return $"{status} problem saying status {problem.GetProperty("status")}";
        }
        catch (JsonException ex)
        {
            return $"{status} problem body is not JSON ({ex.Message})";
        }
        return null;
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(RunningApp app)
    {
        using var response = await app.Client.GetAsync("/api/health");
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var checks = string.Join(",", health.GetProperty("checks").EnumerateObject().Select(c => $"{c.Name}={c.Value.GetProperty("status").GetString()}"));
        return (response.StatusCode, $"{health.GetProperty("status").GetString()} ({checks})");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
