using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedtime.Backups;

/// <summary>
/// <c>manifest.json</c> next to a backup's files: what was exported, how to recreate the containers, and the SHA-256 and
/// document count of each file, against which the copy is verified before it counts (and before it is restored).
/// </summary>
public sealed record BackupManifest
{
    public const string FileName = "manifest.json";
    public const int CurrentFormat = 1;

    /// <summary>Manifests are read leniently: a newer writer may add fields an older reader does not know.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    public int Format { get; init; } = CurrentFormat;
    public required string Id { get; init; }
    public required string Path { get; init; }
    /// <summary>What started the run: <c>timer</c> or <c>admin</c>.</summary>
    public required string Trigger { get; init; }
    public required string AppVersion { get; init; }
    public required string Database { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required IReadOnlyList<ContainerBackup> Containers { get; init; }
    public IReadOnlyList<ExcludedContainer> Excluded { get; init; } = [];
    public bool Verified { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    /// <summary>Why the last verification failed; null when it passed or never ran.</summary>
    public string? VerificationError { get; init; }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}

/// <summary>One exported container: its file (gzip-compressed NDJSON, one document per line) and how to recreate it.</summary>
/// <param name="Bytes">Size of the stored (compressed) file; <paramref name="Sha256"/> is over the same bytes.</param>
/// <param name="SchemaVersions">How many documents carry each <c>schemaVersion</c> ("none" for documents without one).</param>
public sealed record ContainerBackup(
    string Name, string File, string PartitionKeyPath, int? DefaultTimeToLive,
    long Documents, long Bytes, long UncompressedBytes, string Sha256, IReadOnlyDictionary<string, long> SchemaVersions);

/// <summary>A container deliberately not exported, recorded so a restore into a new database can still create it.</summary>
public sealed record ExcludedContainer(string Name, string PartitionKeyPath, int? DefaultTimeToLive, string Reason);
