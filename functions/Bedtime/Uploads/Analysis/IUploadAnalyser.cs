using Bedtime.Platform;
using Bedtime.Uploads.Inspection;

namespace Bedtime.Uploads.Analysis;

/// <summary>What processing learned from an upload; what later stories draw on.</summary>
public sealed record UploadAnalysis(
    UploadKind Kind, string? Summary, string? ExtractedText = null, int? Width = null, int? Height = null, double? DurationSeconds = null);

/// <summary>The upload analyser port: offline by default (text extract, the inspection's measurements), Azure OpenAI in production.</summary>
public interface IUploadAnalyser
{
    string Name { get; }

    /// <param name="measured">What the inspection measured of a picture or recording as it arrived.</param>
    /// <param name="content">The upload's bytes, readable once from the start.</param>
    Task<ProviderResult<UploadAnalysis>> AnalyseAsync(
        UploadKind kind, string contentType, MediaMeasurements? measured, Stream content, CancellationToken cancellationToken);
}
