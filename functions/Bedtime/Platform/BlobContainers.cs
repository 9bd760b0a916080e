namespace Bedtime.Platform;

/// <summary>Private blob containers. Blob names inside them are always server-generated.</summary>
public static class BlobContainers
{
    public const string Uploads = "uploads";
    public const string Audio = "audio";
    public const string Backups = "backups";

    public static readonly IReadOnlyList<string> All = [Uploads, Audio, Backups];
}
