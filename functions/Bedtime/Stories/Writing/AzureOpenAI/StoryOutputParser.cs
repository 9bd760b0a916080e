using System.Text.Json;
using System.Text.Json.Serialization;
using Bedtime.Platform.OpenAI;

namespace Bedtime.Stories.Writing.AzureOpenAI;

/// <summary>
/// Strict reading of the model's answer: one JSON object with exactly "title" (1–120 characters) and "paragraphs"
/// (3–40 non-empty strings). Failure reasons never quote the output.
/// </summary>
internal static class StoryOutputParser
{
    public const int MaxTitleLength = 120;
    public const int MinParagraphs = 3;
    public const int MaxParagraphs = 40;

    private static readonly JsonSerializerOptions Strict = ModelOutput.Strict(maxDepth: 4);

    public static bool TryParse(string? text, out (string Title, IReadOnlyList<string> Paragraphs) story, out string reason)
    {
        story = default;
        if (!ModelOutput.TryRead<StoryOutput>(text, Strict, out var output, out reason)) return false;

        var title = output.Title.Trim();
        if (title.Length is 0 or > MaxTitleLength) { reason = $"title must have 1–{MaxTitleLength} characters"; return false; }
        if (output.Paragraphs.Count is < MinParagraphs or > MaxParagraphs) { reason = $"must have {MinParagraphs}–{MaxParagraphs} paragraphs"; return false; }
        var paragraphs = output.Paragraphs.Select(p => p?.Trim() ?? "").ToArray();
        if (paragraphs.Any(p => p.Length == 0)) { reason = "empty paragraph"; return false; }

        story = (title, paragraphs);
        reason = "";
        return true;
    }

    private sealed record StoryOutput(
        [property: JsonPropertyName("title"), JsonRequired] string Title,
        [property: JsonPropertyName("paragraphs"), JsonRequired] IReadOnlyList<string> Paragraphs);
}
