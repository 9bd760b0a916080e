using Bedtime.Stories;
using Bedtime.Uploads;

namespace Bedtime.DataRights;

/// <summary>The first line of an export: what it is and when it was made.</summary>
public sealed record ExportManifest(string Type, string Format, DateTimeOffset ExportedAt, IReadOnlyList<string> Contains, string Note)
{
    public const string CurrentFormat = "bedtime-export/1";

    public static ExportManifest At(DateTimeOffset now) => new("manifest", CurrentFormat, now, ["story", "upload"],
        "One JSON object per line: this manifest, the caller's stories (as GET /api/stories/{id} shows them, audio links included), " +
        "their uploads (as GET /api/uploads/{id} shows them, with a link to the file), then an end line with the counts. " +
        "Links are valid for a limited time; an export without its end line is incomplete.");
}

public sealed record ExportedStory(string Type, StoryResource Story);

/// <param name="File">A short-lived read-only link to the uploaded file, while the upload holds one (it is ready).</param>
public sealed record ExportedUpload(string Type, UploadResource Upload, ExportedFile? File);

public sealed record ExportedFile(string Url, DateTimeOffset ExpiresAt);

/// <summary>The last line: only an export that has it is complete.</summary>
public sealed record ExportEnd(string Type, int Stories, int Uploads);
