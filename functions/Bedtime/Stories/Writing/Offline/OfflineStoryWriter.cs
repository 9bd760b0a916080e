using Bedtime.Platform;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// The embedded default story writer: composes a complete bedtime story from the brief with no model, no network
/// and no keys. The same brief (seed included) always gives the same story.
/// </summary>
public sealed class OfflineStoryWriter : IStoryWriter
{
    public string Name => "offline";

    /// <remarks>
    /// Only English is written offline. The API layer decides which languages are offered, so any other value
    /// still gets an English story rather than a failure.
    /// </remarks>
    public Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<ProviderResult<WrittenStory>>(StoryComposer.Compose(brief));
    }
}
