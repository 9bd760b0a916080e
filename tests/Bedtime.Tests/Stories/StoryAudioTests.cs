using Bedtime.Platform;
using Bedtime.Platform.Storage;
using Bedtime.Stories;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Stories;

/// <summary>A story's audio blobs and links, against Azurite.</summary>
[Collection(StandInsCollection.Name)]
public sealed class StoryAudioTests(StandInsFixture standIns) : IAsyncLifetime
{
    // 12:01 on a day: a minute into a five-minute link window (the lifetime is 15 minutes).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 1, 0, TimeSpan.Zero));

    public async Task InitializeAsync() =>
        await standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Audio).CreateIfNotExistsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Links_given_within_one_window_expire_together_a_full_lifetime_after_it_and_the_next_window_gives_later_ones()
    {
        var audio = Audio();
        var stored = new StoredAudio("st_x.mp3", "audio/mpeg", 100, 1);

        var (window, first) = (audio.LinkWindow, await audio.LinkAsync(stored, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(3.9));
        var (sameWindow, second) = (audio.LinkWindow, await audio.LinkAsync(stored, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(0.2));
        var (nextWindow, third) = (audio.LinkWindow, await audio.LinkAsync(stored, CancellationToken.None));

        Assert.Equal(window, sameWindow);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 20, 0, TimeSpan.Zero), first.ExpiresAt);
        Assert.Equal(first.ExpiresAt, second.ExpiresAt);
        Assert.True(second.ExpiresAt - _clock.GetUtcNow() >= TimeSpan.FromMinutes(15) - TimeSpan.FromMinutes(0.2));
        Assert.Equal(window + 1, nextWindow);
        Assert.Equal(first.ExpiresAt + TimeSpan.FromMinutes(5), third.ExpiresAt);
    }

    [Fact]
    public async Task Deleting_segments_from_a_position_keeps_the_ones_before_it_and_other_stories()
    {
        var blobs = standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Audio);
        var (story, other) = (ResourceIds.NewStory(), ResourceIds.NewStory());
        foreach (var name in new[] { StoryAudio.SegmentBlobName(story, null), StoryAudio.SegmentBlobName(story, 0), StoryAudio.SegmentBlobName(story, 1), StoryAudio.SegmentBlobName(other, 1) })
            await blobs.UploadBlobAsync(name, BinaryData.FromString("frames"));

        await Audio().DeleteSegmentsAsync(story, CancellationToken.None, fromPosition: 2);

        var left = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync(prefix: story)) left.Add(blob.Name);
        Assert.Equal([$"{story}/segment-000", $"{story}/segment-001"], left.Order());
        Assert.True(await blobs.GetBlobClient(StoryAudio.SegmentBlobName(other, 1)).ExistsAsync());
    }

    private StoryAudio Audio()
    {
        var blobs = standIns.CreateBlobServiceClient();
        return new StoryAudio(blobs, new BlobLinks(blobs, _clock), Options.Create(new StoryOptions()), _clock);
    }
}
