namespace Bedtime.Uploads;

public sealed record UploadResource(
    string Id, string Status, string FileName, string ContentType, long SizeBytes, string? Sha256, UploadResult? Result,
    UploadError? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? RetryDeadline)
{
    public static UploadResource From(UploadDocument upload) => new(
        upload.Id, upload.Status.ToString().ToLowerInvariant(), upload.FileName, upload.ContentType, upload.SizeBytes, upload.Sha256,
        upload.Result, upload.Error, upload.CreatedAt, upload.UpdatedAt, upload.RetryDeadline);
}

public sealed record UploadPage(IReadOnlyList<UploadResource> Items, string? Continuation);

public sealed record UploadSessionResource(string Id, string UploadUrl, DateTimeOffset ExpiresAt, long MaxBytes);
