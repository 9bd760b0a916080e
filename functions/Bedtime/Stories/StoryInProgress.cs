using Bedtime.Stories.Writing;

namespace Bedtime.Stories;

/// <summary>
/// A story's document while its job writes and narrates at the same time: both add to it, one at a time, and each
/// change is saved ETag-guarded. A narrated segment is saved at once (it can play); written paragraphs at most every
/// <c>saveInterval</c> (the first at once), so a story costs a handful of writes, not one per token.
/// </summary>
internal sealed class StoryInProgress(
    StoryDocument story, Func<StoryDocument, CancellationToken, Task<StoryDocument?>> save, TimeProvider clock, TimeSpan saveInterval) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _paragraphs = [.. story.Paragraphs];
    private readonly List<StoredSegment> _segments = [.. story.Segments];
    private string? _title = story.Title;
    private long _savedAt = clock.GetTimestamp();
    private int _savedParagraphs = story.Paragraphs.Count;

    /// <summary>The last saved document.</summary>
    public StoryDocument Saved { get; private set; } = story;

    /// <summary>The text so far, title and complete paragraphs.</summary>
    public (string? Title, IReadOnlyList<string> Paragraphs) Text
    {
        get { lock (_paragraphs) return (_title, [.. _paragraphs]); }
    }

    public IReadOnlyList<StoredSegment> Segments
    {
        get { lock (_paragraphs) return [.. _segments]; }
    }

    public async Task AddAsync(WrittenPassage passage, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            lock (_paragraphs)
            {
                if (passage.Paragraph is not { } index) _title = passage.Text;
                else if (index == _paragraphs.Count) _paragraphs.Add(passage.Text);
                else throw new InvalidOperationException($"Paragraph {index} arrived after {_paragraphs.Count} paragraphs.");
            }
            var first = _savedParagraphs == 0 && _paragraphs.Count > 0;
            if (first || clock.GetElapsedTime(_savedAt) >= saveInterval) await SaveAsync(d => d, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task AddAsync(StoredSegment segment, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            lock (_paragraphs) _segments.Add(segment);
            await SaveAsync(d => d, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Saves the document with everything added so far, changed by <paramref name="finish"/>.</summary>
    public async Task<StoryDocument> FinishAsync(Func<StoryDocument, StoryDocument> finish, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await SaveAsync(finish, cancellationToken);
            return Saved;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SaveAsync(Func<StoryDocument, StoryDocument> change, CancellationToken cancellationToken)
    {
        StoryDocument next;
        lock (_paragraphs)
        {
            var draft = Saved with
            {
                Title = _title, Paragraphs = [.. _paragraphs], WordCount = _paragraphs.Sum(WrittenStory.CountWords), Segments = [.. _segments],
            };
            next = change(draft);
            next = next with { Progress = next.Status == StoryStatus.Completed ? StoryProgress.Done : StoryProgress.Of(next) };
        }
        Saved = await save(next, cancellationToken) ?? throw new StoryRacedException();
        _savedAt = clock.GetTimestamp();
        _savedParagraphs = Saved.Paragraphs.Count;
        lock (_paragraphs)
        {
            // What was saved is the text from now on (finishing replaces the streamed draft with the writer's result).
            _title = Saved.Title;
            _paragraphs.Clear();
            _paragraphs.AddRange(Saved.Paragraphs);
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>Another worker (or a delete) changed the story under this job: it must look again.</summary>
internal sealed class StoryRacedException() : Exception("The story changed under this job.");
