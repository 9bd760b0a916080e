namespace Bedtime.Uploads.Inspection;

/// <summary>What the content turned out to be: an allowed kind and its real media type, or a rejection with a reason.</summary>
public sealed record InspectionVerdict(UploadKind? Kind, string? ContentType, string? RejectionReason)
{
    public bool Accepted => Kind is not null;
    public static InspectionVerdict Accept(UploadKind kind, string contentType) => new(kind, contentType, null);
    public static InspectionVerdict Reject(string reason) => new(null, null, reason);
}

/// <summary>
/// Judges an upload by its bytes, never by its name or declared type. It is fed the content as it streams past
/// (so nothing is buffered whole) and gives its verdict at the end. One inspector per upload; not thread-safe.
/// </summary>
public interface IUploadInspector
{
    void Append(ReadOnlySpan<byte> chunk);
    InspectionVerdict Complete();
}
