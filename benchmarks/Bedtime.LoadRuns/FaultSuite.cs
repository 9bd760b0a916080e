using System.Diagnostics;
using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Bedtime.Local.StandIns;
using Bedtime.Secrets;

namespace Bedtime.LoadRuns;

/// <summary>
/// The reliability suite: crashes, provider faults and stand-in outages against a real local host process — by default
/// the real Functions worker behind the project's Functions host, or the in-process runner.
/// Every scenario is bounded in time; any lost, duplicated or stuck job, any 5xx other than 503 or any answer slower than the
/// request bound (to any request the scenario makes) fails the run.
/// </summary>
public sealed class FaultSuite(string root, string? only = null, RunnerKind kind = RunnerKind.FunctionsHost)
{
    /// <summary>How long each stand-in is stopped or hung.</summary>
    public TimeSpan OutageLength => Short ? TimeSpan.FromSeconds(15) : Long ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(60);

    /// <summary>The few-minute variant CI runs: both crashes, Cosmos DB stopped and Azurite hung, for 15 s each.</summary>
    public bool Short { get; init; }

    /// <summary>The variant run on request: every outage lasts 5 minutes.</summary>
    public bool Long { get; init; }

    /// <summary>After an outage, jobs put off with doubling waits may sleep up to <c>Jobs:MaxDeferral</c> (5 min) more.</summary>
    private TimeSpan FinishAfterOutage => Long ? TimeSpan.FromMinutes(7) : TimeSpan.FromSeconds(120);

    /// <summary>No request may take longer (the default <c>Http:RequestTimeout</c>).</summary>
    private static readonly TimeSpan LongestAnswer = TimeSpan.FromSeconds(10);

    private static readonly string[] Final = ["completed", "failed", "ready", "rejected"];
    private readonly List<string> _failures = [];
    private readonly AnswerTally _answers = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"bedtime-faults-{Guid.NewGuid():N}");

    public async Task<int> RunAsync()
    {
        var tools = StandInsOptions.FindToolsDirectory(root);
        var options = new StandInsOptions(tools, StartStorage: true, StartCosmos: true, _data);
        int blobPort = RunnerProcess.FreePort(), queuePort = RunnerProcess.FreePort(), cosmosPort = RunnerProcess.FreePort();
        await using var standIns = new LocalStandIns();
        await standIns.StartAzuriteAsync(options, blobPort, queuePort, CancellationToken.None);
        await standIns.StartCosmosAsync(tools, cosmosPort, CancellationToken.None, Path.Combine(_data, "cosmos.json"));
        var settings = standIns.Settings().ToDictionary(s => s.Key, s => s.Value!);
        settings["Auth:DevelopmentTokens"] = "true";
        settings["LocalVault:Path"] = Path.Combine(_data, "vault.json");
        settings["LocalRunner:QueueLease"] = "00:00:05";
        settings["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01";
        settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500";
        settings["Health:CheckTimeout"] = "00:00:02";
        foreach (var (key, value) in GenerousRateLimits) settings[key] = value;

        var clock = Stopwatch.StartNew();
        await Scenario("crash with 50 stories and 20 uploads in flight", () => CrashAndRestartAsync(settings, workerOnly: false));
        if (kind == RunnerKind.FunctionsHost)
            await Scenario("worker killed with 50 stories and 20 uploads in flight, restarted by the host", () => CrashAndRestartAsync(settings, workerOnly: true));
        if (!Short)
            await Scenario("provider failing two calls in three for two minutes (timeouts, 429 with Retry-After, 500s, garbage), then recovering", () => ProviderFaultsAsync(settings));
        await Scenario("host killed during a backup and during a restore", () => new OperationCrashes(root, kind, Fail, _answers).RunAsync(settings));
        var seconds = OutageLength.TotalSeconds;
        await Scenario($"Cosmos DB stand-in stopped for {seconds:0} s under load", () => OutageAsync(settings,
            () => standIns.StopCosmosAsync(), () => standIns.StartCosmosAsync(tools, cosmosPort, CancellationToken.None, Path.Combine(_data, "cosmos.json"))));
        if (!Short)
        {
            await Scenario($"Cosmos DB stand-in hung (paused) for {seconds:0} s under load", () => OutageAsync(settings,
                () => { standIns.Cosmos!.Pause(); return Task.CompletedTask; }, () => { standIns.Cosmos!.Resume(); return Task.CompletedTask; }));
            await Scenario($"Azurite stopped for {seconds:0} s under load", () => OutageAsync(settings,
                () => standIns.StopAzuriteAsync(), () => standIns.StartAzuriteAsync(options, blobPort, queuePort, CancellationToken.None)));
        }
        await Scenario($"Azurite hung (paused) for {seconds:0} s under load", () => OutageAsync(settings,
            () => { standIns.Azurite!.Pause(); return Task.CompletedTask; }, () => { standIns.Azurite!.Resume(); return Task.CompletedTask; }));
        await Scenario("host killed during an erasure; nothing of the parent is left", () => new ErasureCrashes(root, kind, Fail, _answers).RunAsync(settings));
        // Last: it also checks that nothing the scenarios before it did left a blob without its record.
        await Scenario("host killed during two streamed uploads; no blob left without its record", () => new UploadCrashes(root, kind, Fail, _answers).RunAsync(settings));

        Console.WriteLine();
        Console.WriteLine(_failures.Count == 0
            ? $"fault suite: all scenarios passed in {clock.Elapsed.TotalSeconds:0} s"
            : $"fault suite: {_failures.Count} problem(s) in {clock.Elapsed.TotalSeconds:0} s:\n  - " + string.Join("\n  - ", _failures));
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return _failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Rate limits (RateLimitOptions) raised so that they don't mask the faults or the latency being measured.</summary>
    public static IReadOnlyDictionary<string, string> GenerousRateLimits { get; } = new Dictionary<string, string>
    {
        ["RateLimits:StoriesPerMinute:PermitLimit"] = "1000000",
        ["RateLimits:StoriesPerDay:PermitLimit"] = "1000000",
        ["RateLimits:Uploads:PermitLimit"] = "1000000",
        ["RateLimits:General:PermitLimit"] = "10000000",
    };

    private async Task Scenario(string name, Func<Task> run)
    {
        if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) return;
        Console.WriteLine($"\n== {name}");
        var clock = Stopwatch.StartNew();
        var before = _failures.Count;
        _answers.Reset();
        try
        {
            await run();
        }
        catch (Exception ex)
        {
            Fail($"{name}: {ex.GetType().Name}: {ex.Message}");
        }
        Console.WriteLine($"   {_answers.Count} answers; longest {_answers.Longest.TotalSeconds:0.0} s ({_answers.Slowest}); 5xx other than 503: {_answers.ServerErrors.Count}");
        if (_answers.Longest > LongestAnswer) Fail($"an answer took {_answers.Longest.TotalSeconds:0.0} s ({_answers.Slowest}; bound {LongestAnswer.TotalSeconds:0} s)");
        if (_answers.ServerErrors.Count > 0) Fail($"5xx other than 503: {string.Join(", ", _answers.ServerErrors.Distinct())}");
        Console.WriteLine($"   {(_failures.Count == before ? "passed" : "FAILED")} in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private void Fail(string problem)
    {
        _failures.Add(problem);
        Console.WriteLine($"   problem: {problem}");
    }

    private async Task CrashAndRestartAsync(Dictionary<string, string> settings, bool workerOnly)
    {
        var port = RunnerProcess.FreePort();
        var runner = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        using var api = await ApiClient.ForAsync(runner.Address, "crash-parent", _answers);
        var stories = new List<(string Location, bool Narrated)>();
        var uploads = new List<string>();
        await Parallel.ForAsync(0, 70, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (i, _) =>
        {
            if (i < 50)
            {
                var narrated = i % 2 == 0;
                var created = await api.CreateStoryAsync("Mia", narrated);
                lock (stories) if (created.Status == HttpStatusCode.Accepted) stories.Add((created.Location!, narrated));
            }
            else
            {
                var created = await api.UploadAsync(Encoding.UTF8.GetBytes($"A favourite story number {i}. The owl and the moon were friends."), "text/plain");
                lock (uploads) if (created.Status == HttpStatusCode.Created) uploads.Add(created.Location!);
            }
        });
        if (stories.Count != 50 || uploads.Count != 20) Fail($"accepted {stories.Count}/50 stories and {uploads.Count}/20 uploads before the crash");
        var inFlight = await CountInFlightAsync(api, stories.Select(s => s.Location).Concat(uploads));
        Console.WriteLine($"   SIGKILL of the {(workerOnly ? "worker" : "host")} with {inFlight} of {stories.Count + uploads.Count} jobs not yet finished");
        RunnerProcess restarted;
        if (workerOnly)
        {
            runner.CrashWorker();
            restarted = runner;
        }
        else
        {
            await runner.CrashAsync();
            await runner.DisposeAsync();
            restarted = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        }
        await using var _ = restarted;
        var finals = await WaitForFinalAsync(api, stories.Select(s => s.Location).Concat(uploads).ToList(), TimeSpan.FromSeconds(120));
        var storyStates = stories.Select(s => finals.GetValueOrDefault(s.Location)).ToList();
        var uploadStates = uploads.Select(u => finals.GetValueOrDefault(u)).ToList();
        if (storyStates.Any(s => s != "completed")) Fail($"stories not completed after restart: {Describe(storyStates)}");
        if (uploadStates.Any(s => s != "ready")) Fail($"uploads not ready after restart: {Describe(uploadStates)}");

        // Exactly once: one audio blob per narrated story, one file per upload, nothing else.
        var blobs = new BlobServiceClient(settings["AzureWebJobsStorage"]);
        var audio = await CountBlobsAsync(blobs, "audio", stories.Select(s => s.Location.Split('/')[^1]));
        var narrated = stories.Count(s => s.Narrated);
        if (audio != narrated) Fail($"{audio} audio blobs for {narrated} narrated stories");
        var files = await CountBlobsAsync(blobs, "uploads", uploads.Select(u => u.Split('/')[^1]));
        if (files != uploads.Count) Fail($"{files} upload blobs for {uploads.Count} uploads");
        Console.WriteLine($"   after restart: {storyStates.Count(s => s == "completed")} stories completed, {uploadStates.Count(s => s == "ready")} uploads ready, {audio} audio blobs for {narrated} narrated stories");
    }

    /// <summary>
    /// Two phases against one stub: 25 stories through two minutes of faults, then (once they are done) 5 stories the
    /// provider always fails. Run together, the always-failing calls kept the shared circuit open after the recovery
    /// often enough to push healthy stories past a short retry budget (1 run in 3), which tested the budget, not recovery.
    /// </summary>
    private async Task ProviderFaultsAsync(Dictionary<string, string> baseSettings)
    {
        await using var stub = await FaultyOpenAIStub.StartAsync(recoverAfter: TimeSpan.FromMinutes(2));
        var vaultPath = Path.Combine(_data, "faults-vault.json");
        await new LocalFileSecretVault(vaultPath, TimeProvider.System).AddVersionAsync("openai-key", "fault-suite-key", null, new Dictionary<string, string>(), CancellationToken.None);
        Dictionary<string, string> Settings(TimeSpan retryBudget, TimeSpan maxDeferral) => new(baseSettings)
        {
            ["LocalVault:Path"] = vaultPath,
            ["StoryWriter:Provider"] = "AzureOpenAI",
            ["OpenAI:Endpoint"] = stub.Endpoint.AbsoluteUri,
            ["OpenAI:Deployment"] = "bedtime-test",
            ["OpenAI:ApiKeySecretName"] = "openai-key",
            ["OpenAI:Timeout"] = "00:00:01",
            ["OpenAI:MaxRetries"] = "1",
            ["OpenAI:RetryBaseDelay"] = "00:00:00.200",
            ["Stories:WritingTimeout"] = "00:00:05",
            ["Narrator:Provider"] = "None",
            ["Jobs:RetryBudget"] = retryBudget.ToString("c"),
            ["Jobs:MaxDeferral"] = maxDeferral.ToString("c"),
        };
        var trust = new Dictionary<string, string> { ["SSL_CERT_FILE"] = stub.CertificatePemPath };

        // Retried for four minutes: past the two minutes of faults, an open circuit (30 s) after them and a deferral (15 s).
        await using (var runner = await RunnerProcess.StartAsync(root, Settings(TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(15)), trust, kind: kind))
        {
            using var api = await ApiClient.ForAsync(runner.Address, "faults-parent", _answers);
            var good = await CreateStoriesAsync(api, "Mia", 25);
            var finals = await WaitForFinalAsync(api, good, TimeSpan.FromSeconds(300));
            Console.WriteLine($"   stub saw {stub.Counts}");
            var goodStates = good.Select(l => finals.GetValueOrDefault(l)).ToList();
            Console.WriteLine($"   stories with transient faults: {Describe(goodStates)}; failure codes: {await FailureCodesAsync(api, good)}");
            if (goodStates.Any(s => s != "completed")) Fail($"stories not completed although the provider recovered: {Describe(goodStates)}");
        }

        // A 30 s budget, put off at most 5 s at a time, so a retry comes soon after the deadline.
        await using (var runner = await RunnerProcess.StartAsync(root, Settings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)), trust, kind: kind))
        {
            using var api = await ApiClient.ForAsync(runner.Address, "faults-parent", _answers);
            var doomed = await CreateStoriesAsync(api, "Doomed", 5);
            var finals = await WaitForFinalAsync(api, doomed, TimeSpan.FromSeconds(90));
            foreach (var location in doomed)
            {
                var story = await api.ReadAsync(location);
                var code = story?.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.Object ? story.Value.GetProperty("error").GetProperty("code").GetString() : null;
                if (story?.GetProperty("status").GetString() != "failed" || code != "deadline_exceeded")
                    Fail($"a story whose provider never recovers ended {story?.GetProperty("status")} ({code}) instead of failed (deadline_exceeded)");
            }
            Console.WriteLine($"   provider that never recovers: {doomed.Count} stories ended {Describe(doomed.Select(l => finals.GetValueOrDefault(l)))}");
        }
    }

    private async Task<List<string>> CreateStoriesAsync(ApiClient api, string child, int count)
    {
        var locations = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await api.CreateStoryAsync(child, narrated: false);
            if (created.Status != HttpStatusCode.Accepted) { Fail($"story {i} for {child} not accepted: {created.Status}"); continue; }
            locations.Add(created.Location!);
        }
        return locations;
    }

    /// <summary>Story and upload load while a stand-in is down or hung for <see cref="OutageLength"/>: every request is
    /// answered within the bound (503 with Retry-After at worst), every accepted job ends completed or ready.</summary>
    private async Task OutageAsync(Dictionary<string, string> settings, Func<Task> stop, Func<Task> start)
    {
        await using var runner = await RunnerProcess.StartAsync(root, settings, kind: kind);
        using var api = await ApiClient.ForAsync(runner.Address, "outage-parent", _answers);
        var acceptedStories = new List<string>();
        var acceptedUploads = new List<string>();
        var statuses = new Dictionary<int, int>();
        var missingRetryAfter = 0;
        TimeSpan longestStory = TimeSpan.Zero, longestUpload = TimeSpan.Zero;
        var unhealthySeen = false;
        using var load = new CancellationTokenSource();
        // Stories and uploads from two clients at once, so that one kind's answers do not hold the other's load up.
        async Task LoadAsync(bool uploads)
        {
            var i = 0;
            while (!load.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                var created = uploads
                    ? await TryAsync(() => api.UploadAsync(Encoding.UTF8.GetBytes($"The owl and the moon, part {i}."), "text/plain"))
                    : await TryAsync(() => api.CreateStoryAsync("Mia", narrated: false));
                var took = clock.Elapsed;
                lock (statuses)
                {
                    var code = (int)created.Status;
                    statuses[code] = statuses.GetValueOrDefault(code) + 1;
                    if (uploads && took > longestUpload) longestUpload = took;
                    if (!uploads && took > longestStory) longestStory = took;
                    if (created.Status == HttpStatusCode.Accepted) acceptedStories.Add(created.Location!);
                    if (created.Status == HttpStatusCode.Created) acceptedUploads.Add(created.Location!);
                    if (created.Status == HttpStatusCode.ServiceUnavailable && created.RetryAfter is null) missingRetryAfter++;
                }
                if (!uploads && i % 5 == 0 && await api.HealthAsync() == HttpStatusCode.ServiceUnavailable) unhealthySeen = true;
                i++;
                await Task.Delay(100);
            }
        }
        var loadTask = Task.WhenAll(Task.Run(() => LoadAsync(uploads: false)), Task.Run(() => LoadAsync(uploads: true)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        // A burst of narrated stories just before the outage: their jobs are still running when it starts.
        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TryAsync(() => api.CreateStoryAsync("Mia", narrated: true))));
        lock (statuses) acceptedStories.AddRange(burst.Where(b => b.Status == HttpStatusCode.Accepted).Select(b => b.Location!));
        var inFlight = await CountInFlightAsync(api, burst.Where(b => b.Location is not null).Select(b => b.Location!));
        await stop();
        var outage = Stopwatch.StartNew();
        Console.WriteLine($"   outage began with {inFlight} of {burst.Length} narrated stories of a burst still being worked on");
        var unhealthyAfter = await WaitAsync(async () => await api.HealthAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15));
        if (unhealthyAfter is null) Fail("health did not turn 503 during the outage");
        else Console.WriteLine($"   health answered 503 unhealthy {unhealthyAfter.Value.TotalSeconds:0.0} s into the outage");
        await Task.Delay(OutageLength - outage.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        await start();
        var healthyAfter = await WaitAsync(async () => await api.HealthAsync() == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        if (healthyAfter is null) Fail("health did not recover without a restart");
        else Console.WriteLine($"   healthy again {healthyAfter.Value.TotalSeconds:0.0} s after the stand-in came back");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await load.CancelAsync();
        await loadTask;

        Console.WriteLine($"   responses to POST /api/stories and /api/uploads: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; longest answer {longestStory.TotalSeconds:0.0} s (stories), {longestUpload.TotalSeconds:0.0} s (uploads)");
        if (statuses.Keys.Any(code => code == 0)) Fail("a request got no answer");
        if (missingRetryAfter > 0) Fail($"{missingRetryAfter} 503s without Retry-After");
        if (!unhealthySeen && unhealthyAfter is null) Fail("never saw the service unhealthy");
        var all = acceptedStories.Concat(acceptedUploads).ToList();
        var finals = await WaitForFinalAsync(api, all, FinishAfterOutage);
        var storyStates = acceptedStories.Select(l => finals.GetValueOrDefault(l)).ToList();
        var uploadStates = acceptedUploads.Select(l => finals.GetValueOrDefault(l)).ToList();
        if (storyStates.Any(s => s != "completed")) Fail($"accepted stories not completed after the outage: {Describe(storyStates)}; failure codes: {await FailureCodesAsync(api, acceptedStories)}");
        if (uploadStates.Any(s => s != "ready")) Fail($"accepted uploads not ready after the outage: {Describe(uploadStates)}");
        Console.WriteLine($"   {storyStates.Count(s => s == "completed")} of {acceptedStories.Count} accepted stories completed, {uploadStates.Count(s => s == "ready")} of {acceptedUploads.Count} accepted uploads ready");
    }

    private static async Task<(HttpStatusCode Status, string? Location, string? RetryAfter)> TryAsync(Func<Task<(HttpStatusCode, string?, string?)>> call)
    {
        try { return await call(); }
        catch (HttpRequestException) { return (0, null, null); }
        catch (TaskCanceledException) { return (0, null, null); }
    }

    private static async Task<int> CountInFlightAsync(ApiClient api, IEnumerable<string> locations)
    {
        var count = 0;
        foreach (var location in locations)
            if (await api.ReadAsync(location) is { } item && !Final.Contains(item.GetProperty("status").GetString())) count++;
        return count;
    }

    private static async Task<Dictionary<string, string?>> WaitForFinalAsync(ApiClient api, IReadOnlyList<string> locations, TimeSpan timeout)
    {
        var states = new Dictionary<string, string?>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var location in locations)
                states[location] = (await TryReadAsync(api, location))?.GetProperty("status").GetString();
            if (states.Values.All(s => Final.Contains(s)) || deadline.Elapsed > timeout) return states;
            await Task.Delay(500);
        }
    }

    private static async Task<System.Text.Json.JsonElement?> TryReadAsync(ApiClient api, string location)
    {
        try { return await api.ReadAsync(location); }
        catch (HttpRequestException) { return null; }
    }

    private static async Task<TimeSpan?> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition()) return clock.Elapsed;
            await Task.Delay(250);
        }
        return null;
    }

    private static async Task<int> CountBlobsAsync(BlobServiceClient blobs, string container, IEnumerable<string> ids)
    {
        var wanted = ids.ToHashSet();
        var count = 0;
        await foreach (var blob in blobs.GetBlobContainerClient(container).GetBlobsAsync())
            if (wanted.Contains(blob.Name.Split('.')[0])) count++; // "{id}" or "{id}.{anything}": every blob of that job
        return count;
    }

    private static async Task<string> FailureCodesAsync(ApiClient api, IEnumerable<string> locations)
    {
        var codes = new List<string?>();
        foreach (var location in locations)
            if (await TryReadAsync(api, location) is { } story && story.GetProperty("status").GetString() == "failed")
                codes.Add($"{story.GetProperty("error").GetProperty("code").GetString()} ({story.GetProperty("error").GetProperty("message").GetString()})");
        return codes.Count == 0 ? "none" : Describe(codes);
    }

    private static string Describe(IEnumerable<string?> states) =>
        string.Join(", ", states.GroupBy(s => s ?? "unknown").Select(g => $"{g.Key}×{g.Count()}"));
}
