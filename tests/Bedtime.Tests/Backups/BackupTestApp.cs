using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bedtime.Backups;
using Bedtime.Platform;
using Bedtime.Tests.Integration;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Backups;

/// <summary>A runner with its own database and its own backups blob container on the shared stand-ins.</summary>
public sealed class BackupTestApp : IAsyncDisposable
{
    /// <summary>Once a year: keeps the backup timer from firing in the middle of a test (tests run backups themselves).</summary>
    public const string QuietSchedule = "0 0 0 1 1 *";

    private BackupTestApp(RunningApp app, Dictionary<string, string?> settings, BlobContainerClient backups)
    {
        App = app;
        Settings = settings;
        Backups = backups;
        Database = app.Services.GetRequiredService<CosmosClient>().GetDatabase(settings["Cosmos:Database"]);
    }

    public RunningApp App { get; }
    public Dictionary<string, string?> Settings { get; }
    public BlobContainerClient Backups { get; }
    public Database Database { get; }

    public Container Stories => Database.GetContainer(CosmosContainers.Stories);
    public Container Uploads => Database.GetContainer(CosmosContainers.Uploads);
    public Container Expiring => Database.GetContainer(CosmosContainers.Expiring);
    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="shareWith">Another app whose database and backups container this one uses too (a second instance).</param>
    /// <param name="configure">Changes to the settings of a new app.</param>
    public static async Task<BackupTestApp> StartAsync(
        StandInsFixture standIns, Action<IServiceCollection>? services = null, BackupTestApp? shareWith = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = shareWith?.Settings ?? standIns.RunnerSettings();
        if (shareWith is null)
        {
            settings["Auth:DevelopmentTokens"] = "true";
            settings["Backups:Container"] = StandInsFixture.UniqueName("backups");
            settings[ScheduleSettings.Backup] = QuietSchedule;
            configure?.Invoke(settings);
        }
        var backups = standIns.CreateBlobServiceClient().GetBlobContainerClient(settings["Backups:Container"]);
        await backups.CreateIfNotExistsAsync();
        var app = await RunningApp.StartAsync(settings, services);
        return new BackupTestApp(app, settings, backups);
    }

    public async Task<HttpClient> AdminAsync()
    {
        var client = await App.ClientForAsync("operator-ops", "admin");
        client.Timeout = TimeSpan.FromMinutes(3); // whole-database backups and restores
        return client;
    }

    /// <summary>
    /// Posts a backup operation request (backup, verify, restore), checks it is accepted (202, Location of the operation)
    /// and polls the operation until the backup-operations job has finished it.
    /// </summary>
    /// <returns>The finished operation.</returns>
    public static async Task<JsonElement> OperationAsync(HttpClient admin, string path, HttpContent? body = null)
    {
        using var accepted = await admin.PostAsync(path, body);
        var queued = await RunningAppExtensions.JsonAsync(accepted);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode} {queued}");
        Assert.Equal($"/api/ops/operations/{queued.GetProperty("id").GetString()}", accepted.Headers.Location?.OriginalString);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        for (var polled = System.Diagnostics.Stopwatch.StartNew(); polled.Elapsed < TimeSpan.FromMinutes(3); await Task.Delay(100))
        {
            using var state = await admin.GetAsync(accepted.Headers.Location);
            var operation = await RunningAppExtensions.JsonAsync(state);
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
            if (operation.GetProperty("status").GetString() is "succeeded" or "failed") return operation;
        }
        throw new TimeoutException($"The operation for {path} did not finish within 3 minutes.");
    }

    /// <summary>Backs up now through the API and returns the manifest of the (verified) backup.</summary>
    public static async Task<JsonElement> BackupAsync(HttpClient admin)
    {
        var operation = await OperationAsync(admin, "/api/ops/backups");
        Assert.True(operation.GetProperty("status").GetString() == "succeeded", operation.ToString());
        Assert.Equal(operation.GetProperty("backupId").GetString(), operation.GetProperty("result").GetProperty("id").GetString());
        return operation.GetProperty("result");
    }

    /// <summary>The names of the blobs under a backup's folder.</summary>
    public async Task<List<string>> BlobsOfAsync(string backupId)
    {
        Assert.True(BackupId.TryParse(backupId, out var id));
        var names = new List<string>();
        await foreach (var blob in Backups.GetBlobsAsync(prefix: id.Path + "/")) names.Add(blob.Name);
        return names;
    }

    public async Task WipeAsync(params Container[] containers)
    {
        foreach (var container in containers)
        {
            var properties = (await container.ReadContainerAsync()).Resource;
            await container.DeleteContainerAsync();
            await Database.CreateContainerAsync(new ContainerProperties(properties.Id, properties.PartitionKeyPath) { DefaultTimeToLive = properties.DefaultTimeToLive });
        }
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
