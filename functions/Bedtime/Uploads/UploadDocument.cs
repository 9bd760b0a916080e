using System.Text.Json.Serialization;
using Bedtime.Uploads.Analysis;
using Bedtime.Uploads.Inspection;

namespace Bedtime.Uploads;

/// <summary>
/// <c>Pending</c>: a session waits for the client's file; <c>Receiving</c>: a direct upload's body is arriving (the record
/// comes first, so a crash midway leaves something the sweeper finds and clears, blob included).
/// </summary>
public enum UploadStatus { Pending, Receiving, Received, Scanning, Processing, Ready, Rejected, Failed }

public sealed record UploadError(string Code, string Message);

/// <summary>What processing produced; <see cref="Bedtime.Stories.UploadMaterial"/> reads <c>status</c> and <c>result.kind/summary</c>.</summary>
public sealed record UploadResult(string Kind, string? Summary, string? ExtractedText, int? Width, int? Height, double? DurationSeconds)
{
    public static UploadResult From(UploadAnalysis analysis) => new(
        analysis.Kind.ToString().ToLowerInvariant(), analysis.Summary, analysis.ExtractedText, analysis.Width, analysis.Height, analysis.DurationSeconds);
}

/// <summary>An upload as stored in Cosmos DB (container <c>uploads</c>, partition <c>/ownerId</c>). The blob's name is the id.</summary>
public sealed record UploadDocument
{
    public const int CurrentSchemaVersion = 1;

    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public UploadStatus Status { get; init; }
    /// <summary>Sanitised, for display only: never used to name anything.</summary>
    public required string FileName { get; init; }
    /// <summary>The sniffed type once known; before that (pending, receiving), what the client declared.</summary>
    public required string ContentType { get; init; }
    public UploadKind? Kind { get; init; }
    /// <summary>A picture's size or a recording's length, measured by the inspection as it arrived; null for texts and on
    /// uploads received before inspections measured (processing measures those from the blob).</summary>
    public MediaMeasurements? Measurements { get; init; }
    public long SizeBytes { get; init; }
    public string? Sha256 { get; init; }
    /// <summary>For a pending session: the SHA-256 the client promised, checked on completion.</summary>
    public string? ExpectedSha256 { get; init; }
    public DateTimeOffset? SessionExpiresAt { get; init; }
    public UploadResult? Result { get; init; }
    public UploadError? Error { get; init; }
    public UploadError? LastTransientError { get; init; }
    public int Attempts { get; init; }
    /// <summary>Until when failures that are not the upload's own are retried (<see cref="Jobs.JobDeadline"/>), set when
    /// the upload is accepted for processing; null before that and on uploads stored before deadlines existed.</summary>
    public DateTimeOffset? RetryDeadline { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    [JsonIgnore] public bool IsFinal => Status is UploadStatus.Ready or UploadStatus.Rejected or UploadStatus.Failed;
    /// <summary>The blob processing reads: written only by the server, from content it has checked.</summary>
    [JsonIgnore] public string BlobName => Id;
    /// <summary>Where an upload session's link lets the client write; the sweeper empties it once links have expired.</summary>
    [JsonIgnore] public string StagingBlobName => StagingPrefix + Id;
    public const string StagingPrefix = "staging/";
}
