using Bedtime.Platform;

namespace Bedtime.Stories.Writing;

/// <summary>The story writer port: the offline generator by default, Azure OpenAI in production.</summary>
public interface IStoryWriter
{
    /// <summary>Short name for logs and health (e.g. "offline", "azure-openai").</summary>
    string Name { get; }

    Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken);
}
