using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Bedtime.Platform;
using Bedtime.Platform.Storage;
using Bedtime.Stories.Narration;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories;

/// <summary>
/// A story's audio in the <c>audio</c> container: one blob per narrated segment (<c>{story}/segment-NNN</c>, the title's
/// first), the
/// joined narration (<c>{story}.mp3</c> or <c>.wav</c>), and short-lived read links. Names are fixed per story and
/// paragraph, so a retried narration overwrites instead of leaving a second blob.
/// </summary>
public sealed class StoryAudio(BlobServiceClient blobs, BlobLinks links, IOptions<StoryOptions> options, TimeProvider clock)
{
    private const string FingerprintKey = "fingerprint", DurationKey = "duration", TimingsKey = "timings";

    private BlobContainerClient Container => blobs.GetBlobContainerClient(BlobContainers.Audio);

    public static string BlobNameFor(string storyId, string contentType) =>
        $"{storyId}.{(contentType == "audio/mpeg" ? "mp3" : "wav")}";

    /// <summary>Where a segment sits in the narration: the title first, then the paragraphs in order.</summary>
    public static int Position(int? paragraph) => paragraph is { } index ? index + 1 : 0;

    public static string SegmentBlobName(string storyId, int? paragraph) =>
        $"{storyId}/segment-{Position(paragraph).ToString("D3", CultureInfo.InvariantCulture)}";

    /// <summary>What a segment would be made of; equal fingerprints mean the same audio would come out.</summary>
    public static string Fingerprint(string narrator, string? voice, string language, IReadOnlyList<string> sentences) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', [narrator, voice ?? "", language, .. sentences]))))[..32];

    /// <summary>
    /// Stores a narrated segment with what it holds in the blob's metadata (fingerprint, duration, sentence timings),
    /// so a job that crashed before recording it in the story finds it instead of narrating it again.
    /// </summary>
    public async Task<StoredSegment> SaveSegmentAsync(
        string storyId, int? paragraph, string fingerprint, IReadOnlyList<string> sentences, NarratedAudio audio, double startSeconds, CancellationToken cancellationToken)
    {
        var name = SegmentBlobName(storyId, paragraph);
        var metadata = new Dictionary<string, string>
        {
            [FingerprintKey] = fingerprint,
            [DurationKey] = Number(audio.DurationSeconds),
            [TimingsKey] = string.Join(';', audio.Sentences.Select(t => $"{Number(t.StartSeconds)},{Number(t.EndSeconds)}")),
        };
        await using (var file = File.OpenRead(audio.FilePath))
            await Container.GetBlobClient(name).UploadAsync(file, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = audio.ContentType },
                Metadata = metadata,
            }, cancellationToken);
        return Segment(paragraph, name, audio.ContentType, audio.Bytes, startSeconds, audio.DurationSeconds, fingerprint, sentences, audio.Sentences);
    }

    /// <summary>The segment a previous attempt stored for exactly this text, or null.</summary>
    public async Task<StoredSegment?> FindSegmentAsync(
        string storyId, int? paragraph, string fingerprint, IReadOnlyList<string> sentences, double startSeconds, CancellationToken cancellationToken)
    {
        var name = SegmentBlobName(storyId, paragraph);
        BlobProperties properties;
        try
        {
            properties = (await Container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        var metadata = properties.Metadata;
        if (!metadata.TryGetValue(FingerprintKey, out var stored) || stored != fingerprint
            || !metadata.TryGetValue(DurationKey, out var duration) || !TryNumber(duration, out var seconds)
            || !metadata.TryGetValue(TimingsKey, out var timings) || Timings(timings) is not { } sentenceTimings || sentenceTimings.Count != sentences.Count)
            return null;
        return Segment(paragraph, name, properties.ContentType, properties.ContentLength, startSeconds, seconds, fingerprint, sentences, sentenceTimings);
    }

    /// <summary>
    /// Joins the segments into the story's narration, streamed blob to blob: MP3 frames by concatenation, WAV data
    /// under one new header. No re-encoding, so the joined file sounds exactly like the segments played in turn.
    /// </summary>
    public async Task<StoredAudio> JoinAsync(string storyId, IReadOnlyList<StoredSegment> segments, CancellationToken cancellationToken)
    {
        var contentType = segments[0].ContentType;
        if (segments.Any(s => s.ContentType != contentType))
            throw new InvalidOperationException($"Story {storyId} has segments of different audio types; they cannot be joined.");
        var wav = contentType != "audio/mpeg";
        var name = BlobNameFor(storyId, contentType);
        var target = Container.GetBlockBlobClient(name);
        long bytes = 0;
        await using (var output = await target.OpenWriteAsync(true, new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken))
        {
            if (wav)
            {
                var (format, dataBytes) = await WavDataAsync(segments, cancellationToken);
                WavFile.WriteHeader(output, format, dataBytes);
                bytes = WavFile.HeaderLength + dataBytes;
            }
            foreach (var segment in segments)
            {
                var download = (await Container.GetBlobClient(segment.BlobName).DownloadStreamingAsync(
                    new BlobDownloadOptions { Range = wav ? new HttpRange(WavFile.HeaderLength) : default }, cancellationToken)).Value;
                await using var content = download.Content;
                await content.CopyToAsync(output, cancellationToken);
                if (!wav) bytes += download.Details.ContentLength;
            }
        }
        return new StoredAudio(name, contentType, bytes, Math.Round(segments.Sum(s => s.DurationSeconds), 3));
    }

    /// <summary>Segments are our own canonical WAVs (<see cref="WavFile.WriteHeader"/>): the format is in the first header.</summary>
    private async Task<(byte[] Format, long DataBytes)> WavDataAsync(IReadOnlyList<StoredSegment> segments, CancellationToken cancellationToken)
    {
        var header = (await Container.GetBlobClient(segments[0].BlobName).DownloadContentAsync(
            new BlobDownloadOptions { Range = new HttpRange(0, WavFile.HeaderLength) }, cancellationToken)).Value.Content.ToStream();
        if (!WavFile.TryReadLayout(header, out var layout)) throw new InvalidDataException($"Segment {segments[0].BlobName} is not a WAV file.");
        return (layout.Format, segments.Sum(s => s.Bytes - WavFile.HeaderLength));
    }

    /// <summary>Deletes the story's segment blobs from <paramref name="fromPosition"/> on (all of them by default).</summary>
    public async Task DeleteSegmentsAsync(string storyId, CancellationToken cancellationToken, int fromPosition = 0)
    {
        var first = $"{storyId}/segment-{fromPosition.ToString("D3", CultureInfo.InvariantCulture)}";
        try
        {
            await foreach (var blob in Container.GetBlobsAsync(prefix: $"{storyId}/", cancellationToken: cancellationToken))
                if (string.CompareOrdinal(blob.Name, first) >= 0)
                    await Container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "ContainerNotFound")
        {
            // No audio container, no segments.
        }
    }

    /// <summary>
    /// Links expire at the end of the current window plus the configured lifetime, so every answer given within one
    /// window (a third of the lifetime) holds links valid at least that long, and a <c>304</c> for that window keeps the
    /// client's links good: the window is part of the story's <c>ETag</c>.
    /// </summary>
    public long LinkWindow => clock.GetUtcNow().Ticks / Window.Ticks;

    private TimeSpan Window => options.Value.AudioLinkLifetime / 3;

    private DateTimeOffset LinkExpiry(long window) => new DateTimeOffset((window + 1) * Window.Ticks, TimeSpan.Zero) + options.Value.AudioLinkLifetime;

    public async Task<AudioResource> LinkAsync(StoredAudio audio, CancellationToken cancellationToken)
    {
        var expires = LinkExpiry(LinkWindow);
        var url = await links.ReadLinkAsync(BlobContainers.Audio, audio.BlobName, expires, cancellationToken);
        return new AudioResource(url.AbsoluteUri, audio.ContentType, audio.Bytes, audio.DurationSeconds, expires);
    }

    /// <summary>The story as the API shows it, with fresh links to its audio.</summary>
    public async Task<StoryResource> ResourceAsync(StoryDocument story, CancellationToken cancellationToken) =>
        StoryResource.From(story, story.Audio is null ? null : await LinkAsync(story.Audio, cancellationToken), await NarrationAsync(story, cancellationToken));

    /// <summary>The story's narration so far; null when none was asked for.</summary>
    public async Task<NarrationResource?> NarrationAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        if (!story.Request.WantsNarration) return null;
        var expires = LinkExpiry(LinkWindow);
        var segments = new List<NarrationSegmentResource>(story.Segments.Count);
        for (var i = 0; i < story.Segments.Count; i++)
        {
            var s = story.Segments[i];
            var url = await links.ReadLinkAsync(BlobContainers.Audio, s.BlobName, expires, cancellationToken);
            segments.Add(new NarrationSegmentResource(i, s.Paragraph, s.StartSeconds, s.DurationSeconds, url.AbsoluteUri, s.ContentType, expires, s.Sentences));
        }
        return new NarrationResource(NarrationResource.StatusOf(story), segments, Math.Round(story.Segments.Sum(s => s.DurationSeconds), 3));
    }

    public async Task DeleteAsync(StoredAudio audio, CancellationToken cancellationToken) =>
        await Container.DeleteBlobIfExistsAsync(audio.BlobName, cancellationToken: cancellationToken);

    /// <summary>Every blob of the story: the joined narration and all segments.</summary>
    public async Task DeleteAllAsync(StoryDocument story, CancellationToken cancellationToken)
    {
        if (story.Audio is not null) await DeleteAsync(story.Audio, cancellationToken);
        await DeleteSegmentsAsync(story.Id, cancellationToken);
    }

    /// <summary>Every blob stored for the story, also those no document records yet (a job that crashed after storing one).</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<int> DeleteEveryBlobAsync(string storyId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        try
        {
            await foreach (var blob in Container.GetBlobsAsync(prefix: storyId, cancellationToken: cancellationToken))
                if (IsOfStory(blob.Name, storyId) && await Container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken))
                    deleted++;
        }
        catch (RequestFailedException e) when (e.ErrorCode == "ContainerNotFound")
        {
            // No audio container, no audio.
        }
        return deleted;
    }

    private static bool IsOfStory(string blobName, string storyId) =>
        blobName.StartsWith(storyId + "/", StringComparison.Ordinal)
        || blobName == BlobNameFor(storyId, "audio/mpeg") || blobName == BlobNameFor(storyId, "audio/wav");

    private static StoredSegment Segment(
        int? paragraph, string name, string contentType, long bytes, double start, double duration, string fingerprint,
        IReadOnlyList<string> sentences, IReadOnlyList<SentenceTiming> timings) =>
        new(paragraph, name, contentType, bytes, Math.Round(start, 3), Math.Round(duration, 3), fingerprint,
            [.. sentences.Zip(timings, (text, t) => new SpokenSentence(text, Math.Round(t.StartSeconds, 3), Math.Round(t.EndSeconds, 3)))]);

    /// <summary>"start,end;start,end…" as written by <see cref="SaveSegmentAsync"/>; null when any pair is not two numbers.</summary>
    private static List<SentenceTiming>? Timings(string text)
    {
        var timings = new List<SentenceTiming>();
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = pair.Split(',');
            if (ends.Length != 2 || !TryNumber(ends[0], out var start) || !TryNumber(ends[1], out var end)) return null;
            timings.Add(new SentenceTiming(start, end));
        }
        return timings;
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value >= 0;
}
