using Bedtime.Platform;

namespace Bedtime.Uploads.Analysis;

/// <summary>What processing learned from an upload; what later stories draw on.</summary>
public sealed record UploadAnalysis(
    UploadKind Kind, string? Summary, string? ExtractedText = null, int? Width = null, int? Height = null, double? DurationSeconds = null);

/// <summary>The upload analyser port: offline by default (text extract, headers), Azure OpenAI in production.</summary>
public interface IUploadAnalyser
{
    string Name { get; }

    /// <param name="content">The upload's bytes, readable once from the start.</param>
    Task<ProviderResult<UploadAnalysis>> AnalyseAsync(UploadKind kind, string contentType, Stream content, CancellationToken cancellationToken);
}
