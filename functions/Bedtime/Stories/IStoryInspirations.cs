using Bedtime.Http;

namespace Bedtime.Stories;

/// <summary>Turns the upload ids named in a story request into story material: only the caller's own, ready uploads.</summary>
public interface IStoryInspirations
{
    Task<Result<IReadOnlyList<StoryInspiration>>> ResolveAsync(string ownerId, IReadOnlyList<string> uploadIds, CancellationToken cancellationToken);
}
