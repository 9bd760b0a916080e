using System.Text.Json;
using Bedtime.Platform.Cosmos;
using Bedtime.Security.RateLimiting;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Tests.Security;

/// <summary>The shared window counters in the Cosmos DB stand-in, through the real SDK.</summary>
[Collection(StandInsCollection.Name)]
public sealed class CosmosRateLimitCounterTests(StandInsFixture standIns)
{
    private static readonly RateLimitRule Minute = new() { PermitLimit = 3, Window = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task Concurrent_increments_from_two_clients_each_get_a_different_count()
    {
        var container = await standIns.CreateFreshAppContainerAsync("rl", defaultTtl: -1);
        using var otherClient = standIns.CreateAppCosmosClient();
        var counters = new[] { new CosmosRateLimitCounter(container), new CosmosRateLimitCounter(otherClient.GetContainer(container.Database.Id, container.Id)) };
        var window = FixedWindow.At("StoriesPerMinute", Minute, "u:mia", DateTimeOffset.UtcNow);

        var counts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => counters[i % 2].IncrementAsync(window, 1, CancellationToken.None)));

        Assert.All(counts, c => Assert.True(c.Succeeded, c.Failure?.Message));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), counts.Select(c => c.Value).Order());
    }

    [Fact]
    public async Task A_window_is_one_item_in_the_subjects_partition_that_expires_after_one_window_length()
    {
        var container = await standIns.CreateFreshAppContainerAsync("rl", defaultTtl: -1);
        var window = FixedWindow.At("Uploads", new RateLimitRule { PermitLimit = 10, Window = TimeSpan.FromHours(1) }, "ip:203.0.113.7", DateTimeOffset.UtcNow);

        await new CosmosRateLimitCounter(container).IncrementAsync(window, 1, CancellationToken.None);
        var item = (await container.ReadItemAsync<JsonElement>(window.Id, new PartitionKey("rl:Uploads:ip:203.0.113.7"))).Resource;

        Assert.Equal(1, item.GetProperty("count").GetInt64());
        Assert.Equal(3600, item.GetProperty("ttl").GetInt32());
        Assert.Equal("rate-limit", item.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_expired_window_starts_counting_again_from_one()
    {
        var container = await standIns.CreateFreshAppContainerAsync("rl", defaultTtl: -1);
        var counter = new CosmosRateLimitCounter(container);
        var window = FixedWindow.At("Short", new RateLimitRule { PermitLimit = 1, Window = TimeSpan.FromSeconds(1) }, "u:mia", DateTimeOffset.UtcNow);
        await counter.IncrementAsync(window, 1, CancellationToken.None);
        await counter.IncrementAsync(window, 1, CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var iterator = container.GetItemQueryIterator<JsonElement>(new QueryDefinition("SELECT * FROM c"),
                requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(window.Partition) });
            return !iterator.HasMoreResults || (await iterator.ReadNextAsync()).Count == 0;
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)), "the window's item did not expire");
        var again = await counter.IncrementAsync(window, 1, CancellationToken.None);

        Assert.Equal(1, again.Value);
    }

    [Fact]
    public async Task An_unreachable_store_is_a_failure_value_not_an_exception()
    {
        using var client = CosmosClientFactory.Create(new CosmosOptions
        {
            Endpoint = $"http://127.0.0.1:{FreePort.Next()}/", Key = Bedtime.Local.StandIns.LocalStandIns.CosmosKey,
            ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true, RequestTimeout = TimeSpan.FromSeconds(2),
        }, new Azure.Identity.DefaultAzureCredential());
        var counter = new CosmosRateLimitCounter(client.GetContainer("nowhere", "expiring"));

        var result = await counter.IncrementAsync(FixedWindow.At("General", Minute, "u:mia", DateTimeOffset.UtcNow), 1, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(result.Succeeded);
        Assert.True(result.Failure!.Transient);
    }

    [Fact]
    public async Task A_missing_container_is_a_failure_value()
    {
        var container = await standIns.CreateFreshAppContainerAsync("rl", defaultTtl: -1);
        var missing = container.Database.GetContainer("missing-" + Guid.NewGuid().ToString("N"));

        var result = await new CosmosRateLimitCounter(missing).IncrementAsync(FixedWindow.At("General", Minute, "u:mia", DateTimeOffset.UtcNow), 1, CancellationToken.None);

        Assert.Equal("store_unavailable", result.Failure?.Code);
    }
}
