using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Linq;
using Newtonsoft.Json;

namespace Bedtime.Tests.Integration.StandIns;

/// <summary>
/// The Cosmos DB stand-in (tools/standins/cosmos-standin.mjs) driven through the real
/// Microsoft.Azure.Cosmos SDK, covering every behaviour the application relies on and
/// every fix the wrapper adds to @vercel/cosmosdb-server. Each test uses its own fresh
/// container and its own ids.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class CosmosStandInTests(StandInsFixture standIns)
{
    [Fact]
    public async Task The_account_can_be_read_and_advertises_a_plain_http_endpoint()
    {
        using var client = standIns.CreateCosmosClient();

        var account = await client.ReadAccountAsync();

        Assert.False(string.IsNullOrEmpty(account.Id));
        var region = Assert.Single(account.WritableRegions);
        Assert.StartsWith("http://", region.Endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_database_or_container_if_not_exists_is_idempotent()
    {
        var existing = await standIns.CreateFreshContainerAsync("idem");
        var database = existing.Database;
        var name = $"idem-{Guid.NewGuid():N}";

        var first = await database.CreateContainerIfNotExistsAsync(name, "/ownerId");
        var second = await database.CreateContainerIfNotExistsAsync(name, "/ownerId");
        var again = await database.Client.CreateDatabaseIfNotExistsAsync(database.Id);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("/ownerId", second.Resource.PartitionKeyPath);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Reading_a_missing_container_is_404()
    {
        var existing = await standIns.CreateFreshContainerAsync("missing");
        var missing = existing.Database.GetContainer($"missing-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<CosmosException>(() => missing.ReadContainerAsync());

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task An_item_can_be_created_read_upserted_replaced_and_deleted()
    {
        var container = await standIns.CreateFreshContainerAsync("crud");
        var item = NewItem("owner-1", title: "first");
        var key = new PartitionKey(item.OwnerId);

        var created = await container.CreateItemAsync(item, key);
        var read = await container.ReadItemAsync<Item>(item.Id, key);
        item.Title = "upserted";
        var upserted = await container.UpsertItemAsync(item, key);
        item.Title = "replaced";
        var replaced = await container.ReplaceItemAsync(item, item.Id, key);
        var reread = await container.ReadItemAsync<Item>(item.Id, key);
        var deleted = await container.DeleteItemAsync<Item>(item.Id, key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.Equal("first", read.Resource.Title);
        Assert.Equal(created.ETag, read.ETag);
        Assert.Equal(HttpStatusCode.OK, upserted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.NotEqual(created.ETag, replaced.ETag);
        Assert.Equal("replaced", reread.Resource.Title);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertNotFoundAsync(() => container.ReadItemAsync<Item>(item.Id, key));
    }

    [Fact]
    public async Task Upserting_a_new_item_creates_it()
    {
        var container = await standIns.CreateFreshContainerAsync("upsert");
        var item = NewItem("owner-1");

        var upserted = await container.UpsertItemAsync(item, new PartitionKey(item.OwnerId));

        Assert.Equal(HttpStatusCode.Created, upserted.StatusCode);
    }

    [Fact]
    public async Task Creating_an_item_twice_is_409()
    {
        var container = await standIns.CreateFreshContainerAsync("conflict");
        var item = NewItem("owner-1");
        await container.CreateItemAsync(item, new PartitionKey(item.OwnerId));

        var error = await Assert.ThrowsAsync<CosmosException>(
            () => container.CreateItemAsync(item, new PartitionKey(item.OwnerId)));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Fact]
    public async Task A_read_of_a_missing_item_is_404()
    {
        var container = await standIns.CreateFreshContainerAsync("read404");
        var item = NewItem("owner-1");
        await container.CreateItemAsync(item, new PartitionKey(item.OwnerId));

        await AssertNotFoundAsync(() => container.ReadItemAsync<Item>($"missing-{Guid.NewGuid():N}", new PartitionKey("owner-1")));
        // The same id under another partition key is another item.
        await AssertNotFoundAsync(() => container.ReadItemAsync<Item>(item.Id, new PartitionKey("owner-2")));
    }

    [Fact]
    public async Task Replacing_patching_or_deleting_a_missing_item_is_404()
    {
        var container = await standIns.CreateFreshContainerAsync("write404");
        var ghost = NewItem("owner-1");
        var key = new PartitionKey(ghost.OwnerId);

        await AssertNotFoundAsync(() => container.ReplaceItemAsync(ghost, ghost.Id, key));
        await AssertNotFoundAsync(() => container.PatchItemAsync<Item>(ghost.Id, key, [PatchOperation.Set("/title", "x")]));
        await AssertNotFoundAsync(() => container.DeleteItemAsync<Item>(ghost.Id, key));
    }

    [Fact]
    public async Task Patch_sets_and_increments_fields()
    {
        var container = await standIns.CreateFreshContainerAsync("patch");
        var item = NewItem("owner-1", title: "before");
        item.Count = 3;
        var key = new PartitionKey(item.OwnerId);
        var created = await container.CreateItemAsync(item, key);

        var patched = await container.PatchItemAsync<Item>(item.Id, key,
        [
            PatchOperation.Set("/title", "after"),
            PatchOperation.Increment("/count", 2),
        ]);
        var read = await container.ReadItemAsync<Item>(item.Id, key);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("after", patched.Resource.Title);
        Assert.Equal(5, patched.Resource.Count);
        Assert.NotEqual(created.ETag, patched.ETag);
        Assert.Equal("after", read.Resource.Title);
        Assert.Equal(5, read.Resource.Count);
    }

    [Fact]
    public async Task A_conditional_patch_applies_only_when_its_condition_holds()
    {
        var container = await standIns.CreateFreshContainerAsync("condpatch");
        var item = NewItem("owner-1", title: "Queued");
        var key = new PartitionKey(item.OwnerId);
        await container.CreateItemAsync(item, key);
        var whenQueued = new PatchItemRequestOptions { FilterPredicate = "FROM c WHERE c.title = 'Queued'" };

        var claimed = await container.PatchItemAsync<Item>(item.Id, key, [PatchOperation.Set("/title", "Running")], whenQueued);
        var error = await Assert.ThrowsAsync<CosmosException>(
            () => container.PatchItemAsync<Item>(item.Id, key, [PatchOperation.Set("/title", "Running again")], whenQueued));

        Assert.Equal("Running", claimed.Resource.Title);
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal("Running", (await container.ReadItemAsync<Item>(item.Id, key)).Resource.Title);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_412_and_with_the_current_etag_succeeds()
    {
        var container = await standIns.CreateFreshContainerAsync("etag");
        var item = NewItem("owner-1", title: "v1");
        var key = new PartitionKey(item.OwnerId);
        var stale = (await container.CreateItemAsync(item, key)).ETag;
        item.Title = "v2";
        var current = (await container.ReplaceItemAsync(item, item.Id, key)).ETag;
        var ifStale = new ItemRequestOptions { IfMatchEtag = stale };
        var patchIfStale = new PatchItemRequestOptions { IfMatchEtag = stale };

        await AssertStatusAsync(HttpStatusCode.PreconditionFailed, () => container.ReplaceItemAsync(item, item.Id, key, ifStale));
        await AssertStatusAsync(HttpStatusCode.PreconditionFailed, () => container.UpsertItemAsync(item, key, ifStale));
        await AssertStatusAsync(HttpStatusCode.PreconditionFailed,
            () => container.PatchItemAsync<Item>(item.Id, key, [PatchOperation.Set("/title", "x")], patchIfStale));
        await AssertStatusAsync(HttpStatusCode.PreconditionFailed, () => container.DeleteItemAsync<Item>(item.Id, key, ifStale));
        item.Title = "v3";
        var replaced = await container.ReplaceItemAsync(item, item.Id, key, new ItemRequestOptions { IfMatchEtag = current });

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("v3", (await container.ReadItemAsync<Item>(item.Id, key)).Resource.Title);
    }

    [Fact]
    public async Task A_single_partition_query_pages_in_order_and_resumes_from_a_continuation_token()
    {
        var container = await standIns.CreateFreshContainerAsync("paging");
        var mine = Enumerable.Range(1, 5).Select(i => NewItem("owner-1", createdAt: $"2025-01-01T00:00:0{i}Z")).ToList();
        var others = Enumerable.Range(1, 2).Select(i => NewItem("owner-2", createdAt: $"2025-01-01T00:00:0{i}Z")).ToList();
        foreach (var item in mine.Concat(others))
        {
            await container.CreateItemAsync(item, new PartitionKey(item.OwnerId));
        }
        var query = new QueryDefinition("SELECT * FROM c WHERE c.ownerId = @owner ORDER BY c.createdAt DESC")
            .WithParameter("@owner", "owner-1");
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey("owner-1"), MaxItemCount = 2 };
        var newestFirst = mine.OrderByDescending(i => i.CreatedAt, StringComparer.Ordinal).Select(i => i.Id).ToList();

        var pages = new List<List<string>>();
        string? afterFirstPage = null;
        using (var iterator = container.GetItemQueryIterator<Item>(query, requestOptions: options))
        {
            while (iterator.HasMoreResults)
            {
                var page = await iterator.ReadNextAsync();
                pages.Add(page.Select(i => i.Id).ToList());
                afterFirstPage ??= page.ContinuationToken;
            }
        }
        var resumed = new List<string>();
        using (var iterator = container.GetItemQueryIterator<Item>(query, afterFirstPage, options))
        {
            while (iterator.HasMoreResults)
            {
                resumed.AddRange((await iterator.ReadNextAsync()).Select(i => i.Id));
            }
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(newestFirst, pages.SelectMany(p => p));
        Assert.NotNull(afterFirstPage);
        Assert.Equal(newestFirst.Skip(2), resumed);
    }

    [Fact]
    public async Task A_query_with_a_partition_key_sees_only_that_partition()
    {
        var container = await standIns.CreateFreshContainerAsync("scoped");
        var mine = NewItem("owner-1");
        var theirs = NewItem("owner-2");
        await container.CreateItemAsync(mine, new PartitionKey(mine.OwnerId));
        await container.CreateItemAsync(theirs, new PartitionKey(theirs.OwnerId));

        var ids = await QueryAsync<Item>(container, new QueryDefinition("SELECT * FROM c"),
            new QueryRequestOptions { PartitionKey = new PartitionKey("owner-1") });

        Assert.Equal([mine.Id], ids.Select(i => i.Id));
    }

    [Fact]
    public async Task A_cross_partition_query_without_a_partition_key_sees_every_partition()
    {
        var container = await standIns.CreateFreshContainerAsync("cross");
        var stories = new[] { NewItem("owner-1", kind: "story"), NewItem("owner-2", kind: "story"), NewItem("owner-3", kind: "upload") };
        foreach (var item in stories)
        {
            await container.CreateItemAsync(item, new PartitionKey(item.OwnerId));
        }

        var found = await QueryAsync<Item>(container,
            new QueryDefinition("SELECT * FROM c WHERE c.kind = @k").WithParameter("@k", "story"));

        Assert.Equal(stories.Take(2).Select(i => i.Id).Order(), found.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task Offset_limit_skips_and_takes_in_order()
    {
        var container = await standIns.CreateFreshContainerAsync("offset");
        var items = Enumerable.Range(1, 5).Select(i => NewItem("owner-1", createdAt: $"2025-01-01T00:00:0{i}Z")).ToList();
        foreach (var item in items)
        {
            await container.CreateItemAsync(item, new PartitionKey(item.OwnerId));
        }

        var found = await QueryAsync<Item>(container,
            new QueryDefinition("SELECT * FROM c ORDER BY c.createdAt DESC OFFSET @skip LIMIT @take")
                .WithParameter("@skip", 1).WithParameter("@take", 2),
            new QueryRequestOptions { PartitionKey = new PartitionKey("owner-1") });

        Assert.Equal([items[3].Id, items[2].Id], found.Select(i => i.Id));
    }

    [Fact]
    public async Task A_linq_query_with_order_skip_and_take_works()
    {
        var container = await standIns.CreateFreshContainerAsync("linq");
        var items = Enumerable.Range(1, 4).Select(i => NewItem("owner-1", createdAt: $"2025-01-01T00:00:0{i}Z")).ToList();
        foreach (var item in items)
        {
            await container.CreateItemAsync(item, new PartitionKey(item.OwnerId));
        }

        using var iterator = container.GetItemLinqQueryable<Item>(requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("owner-1") })
            .Where(i => i.OwnerId == "owner-1")
            .OrderByDescending(i => i.CreatedAt)
            .Skip(1)
            .Take(2)
            .ToFeedIterator();
        var found = new List<Item>();
        while (iterator.HasMoreResults)
        {
            found.AddRange(await iterator.ReadNextAsync());
        }

        Assert.Equal([items[2].Id, items[1].Id], found.Select(i => i.Id));
    }

    [Fact]
    public async Task Distinct_returns_each_value_once()
    {
        var container = await standIns.CreateFreshContainerAsync("distinct");
        foreach (var kind in new[] { "story", "upload", "story" })
        {
            await container.CreateItemAsync(NewItem("owner-1", kind: kind), new PartitionKey("owner-1"));
        }

        var kinds = await QueryAsync<string>(container, new QueryDefinition("SELECT DISTINCT VALUE c.kind FROM c"),
            new QueryRequestOptions { PartitionKey = new PartitionKey("owner-1") });

        Assert.Equal(["story", "upload"], kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_count_query_counts_the_items()
    {
        var container = await standIns.CreateFreshContainerAsync("count");
        foreach (var owner in new[] { "owner-1", "owner-1", "owner-2" })
        {
            await container.CreateItemAsync(NewItem(owner), new PartitionKey(owner));
        }

        var inPartition = await QueryAsync<int>(container, new QueryDefinition("SELECT VALUE COUNT(1) FROM c"),
            new QueryRequestOptions { PartitionKey = new PartitionKey("owner-1") });
        var everywhere = await QueryAsync<int>(container, new QueryDefinition("SELECT VALUE COUNT(1) FROM c"));

        Assert.Equal([2], inPartition);
        Assert.Equal([3], everywhere);
    }

    [Fact]
    public async Task Items_expire_after_their_ttl_and_vanish_from_reads_queries_and_the_change_feed()
    {
        // One wait covers both TTL modes: per-item ttl (container default -1) and a container default.
        var perItem = await standIns.CreateFreshContainerAsync("ttl", defaultTtl: -1);
        var byDefault = await standIns.CreateFreshContainerAsync("ttldefault", defaultTtl: 1);
        var shortLived = NewItem("owner-1", ttl: 1);
        var kept = NewItem("owner-1");
        var defaulted = NewItem("owner-1");
        var exempt = NewItem("owner-1", ttl: -1);
        await perItem.CreateItemAsync(shortLived, new PartitionKey("owner-1"));
        await perItem.CreateItemAsync(kept, new PartitionKey("owner-1"));
        await byDefault.CreateItemAsync(defaulted, new PartitionKey("owner-1"));
        await byDefault.CreateItemAsync(exempt, new PartitionKey("owner-1"));
        Assert.Equal(HttpStatusCode.OK, (await perItem.ReadItemAsync<Item>(shortLived.Id, new PartitionKey("owner-1"))).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.2));

        await AssertNotFoundAsync(() => perItem.ReadItemAsync<Item>(shortLived.Id, new PartitionKey("owner-1")));
        await AssertNotFoundAsync(() => byDefault.ReadItemAsync<Item>(defaulted.Id, new PartitionKey("owner-1")));
        Assert.Equal([kept.Id], (await QueryAsync<Item>(perItem, new QueryDefinition("SELECT * FROM c"))).Select(i => i.Id));
        Assert.Equal([exempt.Id], (await QueryAsync<Item>(byDefault, new QueryDefinition("SELECT * FROM c"))).Select(i => i.Id));
        var (feed, _) = await DrainChangeFeedAsync(perItem.GetChangeFeedIterator<Item>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion));
        Assert.Equal([kept.Id], feed.Select(i => i.Id));
        // An expired id is free again.
        var reborn = await perItem.CreateItemAsync(NewItem("owner-1", id: shortLived.Id), new PartitionKey("owner-1"));
        Assert.Equal(HttpStatusCode.Created, reborn.StatusCode);
    }

    [Fact]
    public async Task The_change_feed_returns_changes_then_not_modified_then_only_new_changes()
    {
        var container = await standIns.CreateFreshContainerAsync("feed");
        var first = NewItem("owner-1", title: "v1");
        var second = NewItem("owner-2");
        await container.CreateItemAsync(first, new PartitionKey(first.OwnerId));
        await container.CreateItemAsync(second, new PartitionKey(second.OwnerId));
        first.Title = "v2";
        await container.ReplaceItemAsync(first, first.Id, new PartitionKey(first.OwnerId));
        using var iterator = container.GetChangeFeedIterator<Item>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);

        var (initial, _) = await DrainChangeFeedAsync(iterator);
        var third = NewItem("owner-1");
        await container.CreateItemAsync(third, new PartitionKey(third.OwnerId));
        var (later, _) = await DrainChangeFeedAsync(iterator);
        var (nothing, _) = await DrainChangeFeedAsync(iterator);

        // Latest version only, in modification order: `second` was changed before `first`'s replace.
        Assert.Equal([second.Id, first.Id], initial.Select(i => i.Id));
        Assert.Equal("v2", initial[1].Title);
        Assert.Equal([third.Id], later.Select(i => i.Id));
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task The_change_feed_resumes_from_a_continuation_token()
    {
        var container = await standIns.CreateFreshContainerAsync("feedresume");
        var first = NewItem("owner-1");
        await container.CreateItemAsync(first, new PartitionKey(first.OwnerId));
        var (_, continuation) = await DrainChangeFeedAsync(
            container.GetChangeFeedIterator<Item>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion));
        var second = NewItem("owner-2");
        await container.CreateItemAsync(second, new PartitionKey(second.OwnerId));

        var (resumed, _) = await DrainChangeFeedAsync(
            container.GetChangeFeedIterator<Item>(ChangeFeedStartFrom.ContinuationToken(continuation), ChangeFeedMode.LatestVersion));

        Assert.Equal([second.Id], resumed.Select(i => i.Id));
    }

    [Fact]
    public async Task A_change_feed_started_now_sees_only_later_changes()
    {
        var container = await standIns.CreateFreshContainerAsync("feednow");
        await container.CreateItemAsync(NewItem("owner-1"), new PartitionKey("owner-1"));
        using var iterator = container.GetChangeFeedIterator<Item>(ChangeFeedStartFrom.Now(), ChangeFeedMode.LatestVersion);

        var (before, _) = await DrainChangeFeedAsync(iterator);
        var later = NewItem("owner-1");
        await container.CreateItemAsync(later, new PartitionKey("owner-1"));
        var (after, _) = await DrainChangeFeedAsync(iterator);

        Assert.Empty(before);
        Assert.Equal([later.Id], after.Select(i => i.Id));
    }

    [Fact]
    public async Task A_change_feed_for_one_partition_key_sees_only_that_partition()
    {
        var container = await standIns.CreateFreshContainerAsync("feedpk");
        var mine = NewItem("owner-1");
        await container.CreateItemAsync(mine, new PartitionKey(mine.OwnerId));
        await container.CreateItemAsync(NewItem("owner-2"), new PartitionKey("owner-2"));

        var (feed, _) = await DrainChangeFeedAsync(container.GetChangeFeedIterator<Item>(
            ChangeFeedStartFrom.Beginning(FeedRange.FromPartitionKey(new PartitionKey("owner-1"))), ChangeFeedMode.LatestVersion));

        Assert.Equal([mine.Id], feed.Select(i => i.Id));
    }

    [Fact]
    public async Task A_change_feed_started_at_a_time_skips_earlier_changes()
    {
        var container = await standIns.CreateFreshContainerAsync("feedtime");
        var early = NewItem("owner-1");
        await container.CreateItemAsync(early, new PartitionKey("owner-1"));

        var (fromThePast, _) = await DrainChangeFeedAsync(container.GetChangeFeedIterator<Item>(
            ChangeFeedStartFrom.Time(DateTime.UtcNow.AddMinutes(-5)), ChangeFeedMode.LatestVersion));
        using var fromTheFuture = container.GetChangeFeedIterator<Item>(
            ChangeFeedStartFrom.Time(DateTime.UtcNow.AddMinutes(5)), ChangeFeedMode.LatestVersion);
        var (none, _) = await DrainChangeFeedAsync(fromTheFuture);
        var late = NewItem("owner-1");
        await container.CreateItemAsync(late, new PartitionKey("owner-1"));
        var (afterwards, _) = await DrainChangeFeedAsync(fromTheFuture);

        Assert.Equal([early.Id], fromThePast.Select(i => i.Id));
        Assert.Empty(none);
        Assert.Equal([late.Id], afterwards.Select(i => i.Id));
    }

    /// <summary>Reads pages until the feed answers 304 Not Modified; returns the items and the continuation then.</summary>
    private static async Task<(List<Item> Items, string Continuation)> DrainChangeFeedAsync(FeedIterator<Item> iterator)
    {
        var items = new List<Item>();
        for (var pages = 0; pages < 100 && iterator.HasMoreResults; pages++)
        {
            var page = await iterator.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                return (items, page.ContinuationToken);
            }
            items.AddRange(page);
        }
        throw new InvalidOperationException("The change feed never reported NotModified.");
    }

    private static async Task<List<T>> QueryAsync<T>(Container container, QueryDefinition query, QueryRequestOptions? options = null)
    {
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            results.AddRange(await iterator.ReadNextAsync());
        }
        return results;
    }

    [Fact]
    public async Task A_partition_scoped_query_works_in_a_container_whose_rid_contains_a_slash()
    {
        // The SDK sends such rids with '-' for '/' when it reads partition key ranges; which container gets one depends
        // on how many exist, so create containers until one does.
        using var client = standIns.CreateCosmosClient();
        DatabaseResponse created;
        var attempts = 0;
        do created = await client.CreateDatabaseAsync(StandInsFixture.UniqueName("rids"));
        while (!Rid(created.Resource.SelfLink, "dbs/").Contains('/') && ++attempts < 256);
        var database = created.Database;
        var containersLink = created.Resource.SelfLink.Trim('/') + "/colls/";
        Container? slashed = null;
        for (var i = 0; i < 64 && slashed is null; i++)
        {
            var response = await database.CreateContainerAsync(new ContainerProperties($"c{i}", "/ownerId"));
            if (Rid(response.Resource.SelfLink, containersLink).Contains('/')) slashed = response.Container;
        }
        Assert.NotNull(slashed);
        await slashed.CreateItemAsync(NewItem("owner-a"), new PartitionKey("owner-a"));

        var query = slashed.GetItemQueryIterator<Item>(new QueryDefinition("SELECT * FROM c WHERE c.ownerId = @o").WithParameter("@o", "owner-a"),
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("owner-a") });

        Assert.Single(await query.ReadNextAsync());
    }

    /// <summary>The rid at the end of a self link ("/dbs/{rid}" or "/dbs/{db}/colls/{rid}"), which may itself contain '/'.</summary>
    private static string Rid(string selfLink, string prefix) => selfLink.Trim('/')[prefix.Length..];

    private static Task AssertNotFoundAsync(Func<Task> action) => AssertStatusAsync(HttpStatusCode.NotFound, action);

    private static async Task AssertStatusAsync(HttpStatusCode expected, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<CosmosException>(action);
        Assert.Equal(expected, error.StatusCode);
    }

    private static Item NewItem(string ownerId, string? id = null, string? title = null, string? kind = null,
        string? createdAt = null, int? ttl = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString("N"),
        OwnerId = ownerId,
        Title = title ?? "a story",
        Kind = kind ?? "story",
        CreatedAt = createdAt ?? "2025-01-01T00:00:00Z",
        Ttl = ttl,
    };

    private sealed class Item
    {
        [JsonProperty("id")] public string Id { get; set; } = "";
        [JsonProperty("ownerId")] public string OwnerId { get; set; } = "";
        [JsonProperty("title")] public string Title { get; set; } = "";
        [JsonProperty("kind")] public string Kind { get; set; } = "";
        [JsonProperty("createdAt")] public string CreatedAt { get; set; } = "";
        [JsonProperty("count")] public int Count { get; set; }
        [JsonProperty("ttl", NullValueHandling = NullValueHandling.Ignore)] public int? Ttl { get; set; }
    }
}
