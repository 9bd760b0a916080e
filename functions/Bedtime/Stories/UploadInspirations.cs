using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Security.PromptInjection;

namespace Bedtime.Stories;

/// <summary>Reads the named uploads by point read in the caller's partition: another owner's upload is simply not found.</summary>
public sealed class UploadInspirations(DocumentStore<UploadMaterial> uploads) : IStoryInspirations
{
    public async Task<Result<IReadOnlyList<StoryInspiration>>> ResolveAsync(string ownerId, IReadOnlyList<string> uploadIds, CancellationToken cancellationToken)
    {
        var found = new List<StoryInspiration>();
        var problems = new List<string>();
        foreach (var id in uploadIds.Distinct(StringComparer.Ordinal))
        {
            var upload = ResourceIds.IsUpload(id) ? await uploads.GetAsync(ownerId, id, cancellationToken) : null;
            if (upload is null) problems.Add($"Upload '{Shorten(id)}' does not exist.");
            else if (upload.Status != "ready" || upload.Result is null) problems.Add($"Upload '{id}' is not ready (it is {upload.Status}).");
            // A summary can carry an upload's words (an extract, a transcript, a model's reading): stripped again, as a writer will read it.
            else found.Add(new StoryInspiration(upload.Result.Kind, InstructionStripper.Strip(upload.Result.Summary).Text));
        }
        if (problems.Count > 0)
            return new ApiError(404, "upload_not_found", "Some uploads cannot be used.", "Name only your own uploads that are ready.")
            {
                Errors = new Dictionary<string, string[]> { ["uploadIds"] = [.. problems] },
            };
        return found;
    }

    private static string Shorten(string id) => id.Length <= 40 ? id : id[..40] + "…";
}

/// <summary>The part of an upload document a story needs.</summary>
public sealed record UploadMaterial(string Id, string OwnerId, string Status, UploadMaterialResult? Result);

public sealed record UploadMaterialResult(string Kind, string? Summary);
