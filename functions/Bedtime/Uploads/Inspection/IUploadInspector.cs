namespace Bedtime.Uploads.Inspection;

/// <summary>What the content turned out to be: an allowed kind and its real media type (with what its structure
/// measured, for pictures and recordings), or a rejection with a reason.</summary>
public sealed record InspectionVerdict(UploadKind? Kind, string? ContentType, string? RejectionReason, MediaMeasurements? Measurements = null)
{
    public bool Accepted => Kind is not null;
    public static InspectionVerdict Accept(UploadKind kind, string contentType, MediaMeasurements? measurements = null) =>
        new(kind, contentType, null, measurements);
    public static InspectionVerdict Reject(string reason) => new(null, null, reason);
}

/// <summary>
/// A picture's pixel size or a recording's length, read from its structure while it streamed past (so processing
/// never parses the file again). A part is null when the format leaves it to later (a JPEG's height in a DNL marker).
/// </summary>
public sealed record MediaMeasurements(int? Width = null, int? Height = null, double? DurationSeconds = null);

/// <summary>
/// Judges an upload by its bytes, never by its name or declared type. It is fed the content as it streams past
/// (so nothing is buffered whole) and gives its verdict at the end. One inspector per upload; not thread-safe.
/// </summary>
public interface IUploadInspector
{
    void Append(ReadOnlySpan<byte> chunk);
    InspectionVerdict Complete();
}
