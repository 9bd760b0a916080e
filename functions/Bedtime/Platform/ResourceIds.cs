using System.Text.RegularExpressions;

namespace Bedtime.Platform;

/// <summary>Server-generated ids: a kind prefix and 32 hex digits. Route ids of any other shape are refused before any lookup.</summary>
public static partial class ResourceIds
{
    public const string StoryPrefix = "st_";
    public const string UploadPrefix = "up_";
    public const string OperationPrefix = "op_";

    public static string NewStory() => StoryPrefix + Guid.NewGuid().ToString("N");
    public static string NewUpload() => UploadPrefix + Guid.NewGuid().ToString("N");
    public static string NewOperation() => OperationPrefix + Guid.NewGuid().ToString("N");

    public static bool IsStory(string? id) => id is not null && id.StartsWith(StoryPrefix, StringComparison.Ordinal) && Hex32().IsMatch(id.AsSpan(3));
    public static bool IsUpload(string? id) => id is not null && id.StartsWith(UploadPrefix, StringComparison.Ordinal) && Hex32().IsMatch(id.AsSpan(3));
    public static bool IsOperation(string? id) => id is not null && id.StartsWith(OperationPrefix, StringComparison.Ordinal) && Hex32().IsMatch(id.AsSpan(3));

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex32();
}
