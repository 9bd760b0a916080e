using Bedtime.Platform;

namespace Bedtime.Stories.Narration;

public sealed record NarrationInput(string Title, IReadOnlyList<string> Paragraphs, string Language, string? Voice);

/// <summary>
/// Narrated audio in a temporary file (audio can be tens of MB; never held whole in memory). Disposing deletes the file.
/// </summary>
public sealed class NarratedAudio(string filePath, string contentType, double durationSeconds) : IAsyncDisposable
{
    public string FilePath { get; } = filePath;
    public string ContentType { get; } = contentType;
    public double DurationSeconds { get; } = durationSeconds;
    public long Bytes => new FileInfo(FilePath).Length;

    public ValueTask DisposeAsync()
    {
        try { File.Delete(FilePath); } catch (IOException) { }
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
