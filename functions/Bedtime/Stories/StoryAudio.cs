using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Bedtime.Platform;
using Bedtime.Platform.Storage;
using Bedtime.Stories.Narration;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories;

/// <summary>Stores narrated audio under a server-generated name and hands out short-lived read links.</summary>
public sealed class StoryAudio(BlobServiceClient blobs, BlobLinks links, IOptions<StoryOptions> options, TimeProvider clock)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(BlobContainers.Audio);

    /// <summary>One name per story, so a retried narration overwrites instead of leaving a second blob.</summary>
    public static string BlobNameFor(string storyId, string contentType) =>
        $"{storyId}.{(contentType == "audio/mpeg" ? "mp3" : "wav")}";

    public async Task<StoredAudio> SaveAsync(string storyId, NarratedAudio audio, CancellationToken cancellationToken)
    {
        var name = BlobNameFor(storyId, audio.ContentType);
        await using (var file = File.OpenRead(audio.FilePath))
            await Container.GetBlobClient(name).UploadAsync(file, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = audio.ContentType } }, cancellationToken);
        return new StoredAudio(name, audio.ContentType, audio.Bytes, Math.Round(audio.DurationSeconds, 1));
    }

    public async Task<AudioResource> LinkAsync(StoredAudio audio, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.AudioLinkLifetime;
        var url = await links.ReadLinkAsync(BlobContainers.Audio, audio.BlobName, lifetime, cancellationToken);
        return new AudioResource(url.AbsoluteUri, audio.ContentType, audio.Bytes, audio.DurationSeconds, clock.GetUtcNow() + lifetime);
    }

    public async Task DeleteAsync(StoredAudio audio, CancellationToken cancellationToken) =>
        await Container.DeleteBlobIfExistsAsync(audio.BlobName, cancellationToken: cancellationToken);
}
