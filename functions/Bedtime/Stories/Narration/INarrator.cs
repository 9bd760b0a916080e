using Bedtime.Platform;
using Bedtime.Stories.Narration.Voices;

namespace Bedtime.Stories.Narration;

/// <summary>One segment to narrate: its sentences, read one after the other.</summary>
/// <param name="Voice">The preset the parent chose; null: the engine's configured voice.</param>
public sealed record NarrationInput(IReadOnlyList<string> Sentences, string Language, VoicePreset? Voice);

/// <summary>Where a sentence is heard in its segment's audio.</summary>
public sealed record SentenceTiming(double StartSeconds, double EndSeconds);

/// <summary>
/// Narrated audio in a file of its own private temporary folder (never held whole in memory; no other local user can
/// read a child's story), with where each sentence is heard, measured from the synthesised audio. Disposing deletes
/// the folder.
/// </summary>
public sealed class NarratedAudio : IAsyncDisposable
{
    private readonly PrivateTempFolder _folder;

    /// <param name="folder">Created by the narrator for this audio; from here on owned by it.</param>
    internal NarratedAudio(PrivateTempFolder folder, string fileName, string contentType, double durationSeconds, IReadOnlyList<SentenceTiming> sentences)
    {
        _folder = folder;
        FilePath = folder.PathOf(fileName);
        ContentType = contentType;
        DurationSeconds = durationSeconds;
        Sentences = sentences;
    }

    public string FilePath { get; }
    public string ContentType { get; }
    public double DurationSeconds { get; }
    /// <summary>One timing per input sentence, in order.</summary>
    public IReadOnlyList<SentenceTiming> Sentences { get; }
    public long Bytes => new FileInfo(FilePath).Length;

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The narrator port: espeak-ng locally, Azure AI Speech in production. It narrates one segment (a paragraph) at a
/// time, sentence by sentence, so a story can start playing while later paragraphs are still being written, and the
/// sentence timings come from real synthesis. Every segment of one engine has the same content type, and segments
/// join into one file by concatenation (<see cref="SegmentJoin"/>). When no engine exists it reports the permanent
/// failure <see cref="Unavailable"/>; the story then completes without audio, with the reason.
/// </summary>
public interface INarrator
{
    public const string Unavailable = "narration_unavailable";

    string Name { get; }

    Task<ProviderResult<NarratedAudio>> NarrateAsync(NarrationInput input, CancellationToken cancellationToken);
}
