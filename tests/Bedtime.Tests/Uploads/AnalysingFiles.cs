using Bedtime.Platform;
using Bedtime.Uploads;
using Bedtime.Uploads.Analysis;
using Bedtime.Uploads.Inspection;

namespace Bedtime.Tests.Uploads;

/// <summary>Analyses a file as processing does: with what the inspector measured of it as it arrived.</summary>
internal static class AnalysingFiles
{
    public static Task<ProviderResult<UploadAnalysis>> AnalyseFileAsync(this IUploadAnalyser analyser, UploadKind kind, string contentType, byte[] bytes)
    {
        var verdict = UploadInspector.Inspect(bytes);
        Assert.True(verdict.Accepted, verdict.RejectionReason);
        return analyser.AnalyseAsync(kind, contentType, verdict.Measurements, new MemoryStream(bytes), CancellationToken.None);
    }
}
