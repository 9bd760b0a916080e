using Bedtime.Platform;

namespace Bedtime.Stories.Writing;

/// <summary>A piece of the story as soon as the writer has all of it: the title (<see cref="Paragraph"/> null) or a paragraph.</summary>
public sealed record WrittenPassage(int? Paragraph, string Text);

/// <summary>The story writer port: the offline generator by default, Azure OpenAI in production.</summary>
public interface IStoryWriter
{
    /// <summary>Short name for logs and health (e.g. "offline", "azure-openai").</summary>
    string Name { get; }

    Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the story and reports each passage as soon as it is complete, so a job can store and narrate the start
    /// while the rest is being written. The result stays the authority: what was reported is a draft of it. A writer
    /// that cannot stream reports every passage once it is done.
    /// </summary>
    async Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, IProgress<WrittenPassage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var result = await WriteAsync(brief, cancellationToken);
        if (result.Value is { } story)
        {
            passages.Report(new WrittenPassage(null, story.Title));
            for (var i = 0; i < story.Paragraphs.Count; i++) passages.Report(new WrittenPassage(i, story.Paragraphs[i]));
        }
        return result;
    }
}
