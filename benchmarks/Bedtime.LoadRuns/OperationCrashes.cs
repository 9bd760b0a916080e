using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Bedtime.Local.StandIns;
using Microsoft.Azure.Cosmos;

namespace Bedtime.LoadRuns;

/// <summary>
/// The fault suite's crash scenarios for backup operations: the host is SIGKILLed while a backup, then a restore, runs;
/// after a restart the same operation must finish by itself (its queue message comes back), no half backup may be
/// listed, and the restored copy must hold exactly the backed-up documents — as must a second restore of it.
/// </summary>
public sealed class OperationCrashes(string root, RunnerKind kind, Action<string> fail, AnswerTally answers)
{
    private const int Documents = 25_000;
    private const string Seeded = "crash-seed";

    public async Task RunAsync(Dictionary<string, string> settings)
    {
        var port = RunnerProcess.FreePort();
        var runner = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        using var cosmos = new CosmosClient(settings["Cosmos:Endpoint"], LocalStandIns.CosmosKey,
            new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        var live = cosmos.GetDatabase("bedtime");
        var seeding = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Documents, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
        {
            var body = $$"""{"id":"{{Seeded}}-{{i}}","ownerId":"{{Seeded}}-{{i % 97}}","status":"completed","text":"{{new string('z', 400)}}"}""";
            using var response = await live.GetContainer("stories").UpsertItemStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), new PartitionKey($"{Seeded}-{i % 97}"), cancellationToken: token);
            response.EnsureSuccessStatusCode();
        });
        Console.WriteLine($"   seeded {Documents} stories in {seeding.Elapsed.TotalSeconds:0.0} s");
        var admin = await ApiClient.ForAsync(runner.Address, "crash-operator", answers, "admin");

        (runner, var backup) = await CrashDuringAsync(runner, settings, port, admin, "/api/ops/backups", null, "backup", crashWhen: null);
        var backupId = backup?.GetProperty("backupId").GetString();
        if (backup?.GetProperty("status").GetString() != "succeeded" || backupId is null)
        {
            fail($"the backup crashed midway did not finish by itself: {backup}");
            await runner.DisposeAsync();
            return;
        }
        using (var listed = await admin.Http.GetAsync("/api/ops/backups"))
        {
            var manifests = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToList();
            if (manifests.Any(m => !m.GetProperty("verified").GetBoolean())) fail("a backup that is not verified is listed after the crash");
            if (!manifests.Any(m => m.GetProperty("id").GetString() == backupId)) fail($"backup {backupId} is not listed");
            Console.WriteLine($"   backup {backupId} finished after the crash (attempts {backup.Value.GetProperty("attempts").GetInt32()}); {manifests.Count} listed, all verified");
        }

        var target = "crash-restore-" + Guid.NewGuid().ToString("N")[..8];
        var request = $$"""{"targetDatabase":"{{target}}"}""";
        // Once the restore is writing (the target holds documents), not while it still verifies the backup.
        (runner, var restore) = await CrashDuringAsync(runner, settings, port, admin, $"/api/ops/backups/{backupId}/restore", request, "restore",
            crashWhen: async () => await CountOrZeroAsync(cosmos.GetDatabase(target).GetContainer("stories")) > 0);
        await using var _ = runner;
        if (restore?.GetProperty("status").GetString() != "succeeded")
        {
            fail($"the restore crashed midway did not finish by itself: {restore}");
            return;
        }
        var expected = await CountAsync(live.GetContainer("stories"));
        var restored = await CountAsync(cosmos.GetDatabase(target).GetContainer("stories"));
        if (restored != expected) fail($"the restore crashed midway holds {restored} stories, the backup {expected}");
        var again = await OperationAsync(admin, $"/api/ops/backups/{backupId}/restore", $$"""{"targetDatabase":"{{target}}","overwrite":true}""", TimeSpan.FromMinutes(3));
        var twice = await CountAsync(cosmos.GetDatabase(target).GetContainer("stories"));
        if (again?.GetProperty("status").GetString() != "succeeded" || twice != expected) fail($"restoring again gave {twice} stories ({again?.GetProperty("status")})");
        Console.WriteLine($"   restore finished after the crash (attempts {restore.Value.GetProperty("attempts").GetInt32()}): {restored} of {expected} stories; again: {twice}");
        await cosmos.GetDatabase(target).DeleteAsync();
        await Parallel.ForAsync(0, Documents, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
        {
            using var _ = await live.GetContainer("stories").DeleteItemStreamAsync($"{Seeded}-{i}", new PartitionKey($"{Seeded}-{i % 97}"), cancellationToken: token);
        });
    }

    /// <summary>Asks for an operation, SIGKILLs the host as soon as it runs, restarts the host, and waits for the operation.</summary>
    private async Task<(RunnerProcess Runner, JsonElement? Operation)> CrashDuringAsync(
        RunnerProcess runner, Dictionary<string, string> settings, int port, ApiClient admin, string path, string? body, string what,
        Func<Task<bool>>? crashWhen)
    {
        using var accepted = await admin.Http.PostAsync(path, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            fail($"{what}: answered {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
            return (runner, null);
        }
        var location = accepted.Headers.Location!;
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(50))
        {
            var now = await StatusAsync(admin, location);
            if (now is "succeeded" or "failed" || now == "running" && (crashWhen is null || await crashWhen())) break;
        }
        var status = await StatusAsync(admin, location);
        Console.WriteLine($"   SIGKILL of the {(kind == RunnerKind.FunctionsHost ? "host" : "runner")} while the {what} is {status}");
        if (status != "running") fail($"{what}: the crash came too late (the operation was {status}): raise the seeded documents");
        await runner.CrashAsync();
        await runner.DisposeAsync();
        var restarted = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        return (restarted, await WaitAsync(admin, location, TimeSpan.FromMinutes(3)));
    }

    private static async Task<JsonElement?> OperationAsync(ApiClient admin, string path, string body, TimeSpan patience)
    {
        using var accepted = await admin.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        return accepted.StatusCode == HttpStatusCode.Accepted ? await WaitAsync(admin, accepted.Headers.Location!, patience) : null;
    }

    private static async Task<JsonElement?> WaitAsync(ApiClient admin, Uri location, TimeSpan patience)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < patience; await Task.Delay(250))
        {
            try
            {
                using var response = await admin.Http.GetAsync(location);
                if (response.StatusCode != HttpStatusCode.OK) continue;
                var operation = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (operation.GetProperty("status").GetString() is "succeeded" or "failed") return operation;
            }
            catch (HttpRequestException) { } // the host is coming back
        }
        return null;
    }

    private static async Task<string?> StatusAsync(ApiClient admin, Uri location)
    {
        using var response = await admin.Http.GetAsync(location);
        return response.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()
            : null;
    }

    private static async Task<int> CountOrZeroAsync(Container container)
    {
        try
        {
            return await CountAsync(container);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return 0; // not created yet
        }
    }

    private static async Task<int> CountAsync(Container container)
    {
        using var feed = container.GetItemQueryIterator<int>("SELECT VALUE COUNT(1) FROM c");
        var total = 0;
        while (feed.HasMoreResults) total += (await feed.ReadNextAsync()).Sum();
        return total;
    }
}
