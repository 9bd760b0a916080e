using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedtime.Platform.OpenAI;

/// <summary>
/// Strict reading of a model's JSON answer into one shape: exact property names, no unknown or duplicate ones, no
/// missing required ones, shallow. Failure reasons never quote the output.
/// </summary>
internal static class ModelOutput
{
    public static JsonSerializerOptions Strict(int maxDepth) => new()
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = maxDepth,
    };

    public static bool TryRead<T>(string? text, JsonSerializerOptions strict, out T value, out string reason) where T : class
    {
        value = null!;
        T? output;
        try
        {
            output = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<T>(text, strict);
        }
        catch (JsonException)
        {
            reason = "not a JSON object of the expected shape";
            return false;
        }
        if (output is null) { reason = "empty"; return false; }
        value = output;
        reason = "";
        return true;
    }
}
