using Bedtime.Platform;
using Bedtime.Stories.Narration.Voices;

namespace Bedtime.Stories.Narration;

/// <param name="Voice">The preset the parent chose; null: the engine's configured voice.</param>
public sealed record NarrationInput(string Title, IReadOnlyList<string> Paragraphs, string Language, VoicePreset? Voice);

/// <summary>
/// Narrated audio in a file of its own private temporary folder (audio can be tens of MB; never held whole in memory;
/// no other local user can read a child's story). Disposing deletes the folder.
/// </summary>
public sealed class NarratedAudio : IAsyncDisposable
{
    private readonly PrivateTempFolder _folder;

    /// <param name="folder">Created by the narrator for this audio; from here on owned by it.</param>
    internal NarratedAudio(PrivateTempFolder folder, string fileName, string contentType, double durationSeconds)
    {
        _folder = folder;
        FilePath = folder.PathOf(fileName);
        ContentType = contentType;
        DurationSeconds = durationSeconds;
    }

    public string FilePath { get; }
    public string ContentType { get; }
    public double DurationSeconds { get; }
    public long Bytes => new FileInfo(FilePath).Length;

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The narrator port: espeak-ng locally, Azure AI Speech in production. When no engine exists it reports the
/// permanent failure <see cref="Unavailable"/>; the story then completes without audio, with the reason.
/// </summary>
public interface INarrator
{
    public const string Unavailable = "narration_unavailable";

    string Name { get; }

    Task<ProviderResult<NarratedAudio>> NarrateAsync(NarrationInput input, CancellationToken cancellationToken);
}
