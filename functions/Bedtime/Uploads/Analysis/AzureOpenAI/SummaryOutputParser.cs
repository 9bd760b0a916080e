using System.Text.Json;
using System.Text.Json.Serialization;
using Bedtime.Platform.OpenAI;

namespace Bedtime.Uploads.Analysis.AzureOpenAI;

/// <summary>
/// Strict reading of the model's answer: one JSON object with exactly "summary", a string of 1–300 characters
/// after trimming. Failure reasons never quote the output.
/// </summary>
internal static class SummaryOutputParser
{
    public const int MaxSummaryLength = OfflineUploadAnalyser.MaxSummaryCharacters;

    private static readonly JsonSerializerOptions Strict = ModelOutput.Strict(maxDepth: 2);

    public static bool TryParse(string? text, out string summary, out string reason)
    {
        summary = "";
        if (!ModelOutput.TryRead<SummaryOutput>(text, Strict, out var output, out reason)) return false;

        var trimmed = output.Summary.Trim();
        if (trimmed.Length is 0 or > MaxSummaryLength) { reason = $"summary must have 1–{MaxSummaryLength} characters"; return false; }
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n')) { reason = "control characters in the summary"; return false; }
        summary = trimmed;
        reason = "";
        return true;
    }

    private sealed record SummaryOutput([property: JsonPropertyName("summary"), JsonRequired] string Summary);
}
