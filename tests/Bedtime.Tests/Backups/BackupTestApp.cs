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
    public static async Task<BackupTestApp> StartAsync(
        StandInsFixture standIns, Action<IServiceCollection>? services = null, BackupTestApp? shareWith = null)
    {
        var settings = shareWith?.Settings ?? standIns.RunnerSettings();
        if (shareWith is null)
        {
            settings["Auth:DevelopmentTokens"] = "true";
            settings["Backups:Container"] = StandInsFixture.UniqueName("backups");
            settings[ScheduleSettings.Backup] = QuietSchedule;
        }
        var backups = standIns.CreateBlobServiceClient().GetBlobContainerClient(settings["Backups:Container"]);
        await backups.CreateIfNotExistsAsync();
        var app = await RunningApp.StartAsync(settings, services);
        return new BackupTestApp(app, settings, backups);
    }

    public async Task<HttpClient> AdminAsync()
    {
        var client = await App.ClientForAsync("ops", "admin");
        client.Timeout = TimeSpan.FromMinutes(3); // whole-database backups and restores
        return client;
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
