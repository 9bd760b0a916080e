using Bedtime.Platform;
using Bedtime.Stories;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Writing;

namespace Bedtime.Tests.Stories;

/// <summary>A story writer whose behaviour each test scripts; counts its calls.</summary>
public sealed class ScriptedStoryWriter(Func<StoryBrief, int, CancellationToken, Task<ProviderResult<WrittenStory>>>? behaviour = null) : IStoryWriter
{
    private int _calls;
    public int Calls => _calls;
    public string Name => "scripted";

    public Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return behaviour?.Invoke(brief, call, cancellationToken) ?? Task.FromResult<ProviderResult<WrittenStory>>(Story(brief));
    }

    public static WrittenStory Story(StoryBrief brief) => new(
        $"{brief.ChildName} and the {brief.Theme}",
        [$"Once upon a time {brief.ChildName} found a {brief.Theme}.", "They had a gentle adventure.", "Then it was time to sleep. Good night."]);
}

/// <summary>A writer that reports passages as the test scripts them (as the streaming Azure OpenAI writer does).</summary>
public sealed class StreamingStoryWriter(Func<StoryBrief, IProgress<WrittenPassage>, CancellationToken, Task<ProviderResult<WrittenStory>>> behaviour) : IStoryWriter
{
    public string Name => "streaming";

    public Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The job writes with progress.");

    public Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, IProgress<WrittenPassage> passages, CancellationToken cancellationToken) =>
        behaviour(brief, passages, cancellationToken);
}

/// <summary>A narrator that writes a short real WAV file (silence) per segment, or does what the test scripts.</summary>
public sealed class ScriptedNarrator(Func<int, CancellationToken, Task<ProviderResult<NarratedAudio>>>? behaviour = null) : INarrator
{
    private int _calls;
    public int Calls => _calls;
    public string Name => "scripted";

    /// <summary>What the last call was asked to narrate.</summary>
    public NarrationInput? LastInput { get; private set; }

    public Task<ProviderResult<NarratedAudio>> NarrateAsync(NarrationInput input, CancellationToken cancellationToken)
    {
        LastInput = input;
        var call = Interlocked.Increment(ref _calls);
        return behaviour?.Invoke(call, cancellationToken) ?? Task.FromResult<ProviderResult<NarratedAudio>>(Silence(1, input.Sentences.Count));
    }

    /// <summary>Silence of <paramref name="seconds"/>, shared evenly by <paramref name="sentences"/> sentences.</summary>
    public static NarratedAudio Silence(int seconds, int sentences = 1)
    {
        const int rate = 8000;
        var folder = PrivateTempFolder.Create("bedtime-test-");
        var path = folder.PathOf("silence.wav");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            var data = rate * seconds * 2;
            writer.Write("RIFF"u8); writer.Write(36 + data); writer.Write("WAVE"u8);
            writer.Write("fmt "u8); writer.Write(16); writer.Write((short)1); writer.Write((short)1); writer.Write(rate); writer.Write(rate * 2); writer.Write((short)2); writer.Write((short)16);
            writer.Write("data"u8); writer.Write(data); writer.Write(new byte[data]);
        }
        var each = (double)seconds / sentences;
        return new NarratedAudio(folder, "silence.wav", "audio/wav", seconds, [.. Enumerable.Range(0, sentences).Select(i => new SentenceTiming(i * each, (i + 1) * each))]);
    }
}
