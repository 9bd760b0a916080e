using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Bedtime.Health;
using Bedtime.Local.StandIns;
using Bedtime.Platform;
using Bedtime.Tests.Integration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bedtime.Tests.Health;

/// <summary>An Azurite of this class's own: the tests delete queues and containers the shared one's users rely on.</summary>
public sealed class OwnAzurite : IAsyncLifetime
{
    public LocalStandIns StandIns { get; private set; } = null!;

    public async Task InitializeAsync() =>
        StandIns = await LocalStandIns.StartAsync(
            new StandInsOptions(StandInsFixture.ToolsDirectory, StartStorage: true, StartCosmos: false, DataDirectory: null), CancellationToken.None);

    public async Task DisposeAsync() => await StandIns.DisposeAsync();
}

public sealed class StorageHealthChecksTests(OwnAzurite azurite) : IClassFixture<OwnAzurite>, IAsyncLifetime
{
    private readonly BlobServiceClient _blobs = new(azurite.StandIns.StorageConnectionString);
    private readonly QueueServiceClient _queues = new(azurite.StandIns.StorageConnectionString);

    /// <summary>Every test starts from what provisioning leaves: every container and queue, nothing waiting.</summary>
    public async Task InitializeAsync()
    {
        foreach (var name in BlobContainers.All)
            await _blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync();
        foreach (var name in QueueNames.All)
        {
            await _queues.GetQueueClient(name).CreateIfNotExistsAsync();
            await _queues.GetQueueClient(name).ClearMessagesAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Storage_as_provisioned_is_healthy()
    {
        Assert.Equal(HealthStatus.Healthy, (await BlobsAsync()).Status);
        Assert.Equal(HealthStatus.Healthy, (await QueuesAsync()).Status);
    }

    [Fact]
    public async Task A_missing_blob_container_is_unhealthy_and_named()
    {
        await _blobs.GetBlobContainerClient(BlobContainers.Audio).DeleteAsync();

        var result = await BlobsAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"missing containers: {BlobContainers.Audio}", result.Description);
    }

    [Fact]
    public async Task Missing_queues_are_unhealthy_and_named_in_order()
    {
        await _queues.GetQueueClient(QueueNames.UploadJobs).DeleteAsync();
        await _queues.GetQueueClient(QueueNames.ErasureJobsPoison).DeleteAsync();

        var result = await QueuesAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"missing queues: {QueueNames.UploadJobs}, {QueueNames.ErasureJobsPoison}", result.Description);
    }

    [Fact]
    public async Task Messages_waiting_in_a_poison_queue_make_storage_degraded_with_their_count()
    {
        var poison = _queues.GetQueueClient(QueueNames.StoryJobsPoison);
        await poison.SendMessageAsync("a");
        await poison.SendMessageAsync("b");
        await _queues.GetQueueClient(QueueNames.StoryJobs).SendMessageAsync("waiting work is no concern of health");

        var result = await QueuesAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal($"messages in poison queues ({QueueNames.StoryJobsPoison}: 2)", result.Description);
    }

    private Task<HealthCheckResult> BlobsAsync() => new BlobsHealthCheck(_blobs).CheckHealthAsync(new HealthCheckContext());

    private Task<HealthCheckResult> QueuesAsync() => new QueuesHealthCheck(_queues).CheckHealthAsync(new HealthCheckContext());
}
