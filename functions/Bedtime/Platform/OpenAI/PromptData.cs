using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Bedtime.Platform.OpenAI;

/// <summary>
/// What a user supplied travels to a model as JSON data in a fenced block of the user message, never spliced into
/// instructions. The encoder escapes quotes, backticks, angle brackets and control characters, so a value cannot
/// close the fence or the string.
/// </summary>
internal static class PromptData
{
    private static readonly JsonSerializerOptions DataJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Letters of every script stay readable; the HTML-sensitive set (" ' ` < > & +) and control characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    /// <summary><paramref name="data"/> as one line of JSON inside a <c>```json</c> fence.</summary>
    public static string Fenced<T>(T data) => $"```json\n{JsonSerializer.Serialize(data, DataJson)}\n```";
}
