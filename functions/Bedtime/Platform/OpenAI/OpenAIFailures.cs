using System.ClientModel;
using System.Text.Json;
using Bedtime.Platform.Resilience;

namespace Bedtime.Platform.OpenAI;

/// <summary>What Azure OpenAI errors mean: timeouts, 408, 429, 5xx and network errors are transient; content filtering and other 4xx are not.</summary>
internal static class OpenAIFailures
{
    public const string ContentPolicy = "content_policy";

    public static AttemptVerdict Judge(Exception? exception, DateTimeOffset now) => exception switch
    {
        ClientResultException { Status: 0 } => new AttemptVerdict(true, null, "network error"),
        ClientResultException ex when IsTransientStatus(ex.Status) => new AttemptVerdict(true, RetryAfterOf(ex, now), $"status {ex.Status}"),
        HttpRequestException or IOException => new AttemptVerdict(true, null, "network error"),
        _ => AttemptVerdict.Final,
    };

    /// <summary>The failure a call ended with; a transient one carries the provider's Retry-After, if it gave one.</summary>
    /// <param name="prefix">The caller's failure code prefix: "writer", "analyser".</param>
    public static ProviderFailure ToFailure(ClientResultException ex, string prefix, DateTimeOffset now) => ex.Status switch
    {
        0 => ProviderFailure.Retry($"{prefix}_unavailable", "Azure OpenAI could not be reached."),
        429 => ProviderFailure.Retry($"{prefix}_throttled", "Azure OpenAI is rate limiting requests (429).", RetryAfterOf(ex, now)),
        _ when IsTransientStatus(ex.Status) => ProviderFailure.Retry($"{prefix}_unavailable", $"Azure OpenAI answered {ex.Status}.", RetryAfterOf(ex, now)),
        400 when IsContentFilter(ex) => ProviderFailure.Permanent(ContentPolicy, "The request was declined by the content safety filters."),
        401 or 403 => ProviderFailure.Permanent($"{prefix}_unauthorized", $"Azure OpenAI refused our credentials ({ex.Status})."),
        _ => ProviderFailure.Permanent($"{prefix}_rejected", $"Azure OpenAI rejected the request ({ex.Status})."),
    };

    private static bool IsTransientStatus(int status) => status is 408 or 429 or >= 500;

    private static TimeSpan? RetryAfterOf(ClientResultException ex, DateTimeOffset now)
    {
        var headers = ex.GetRawResponse()?.Headers;
        if (headers is null) return null;
        headers.TryGetValue("retry-after-ms", out var ms);
        headers.TryGetValue("Retry-After", out var retryAfter);
        return RetryAfter.Parse(ms, retryAfter, now);
    }

    /// <summary>Azure answers a filtered prompt with 400 and <c>{"error":{"code":"content_filter",…}}</c>.</summary>
    private static bool IsContentFilter(ClientResultException ex)
    {
        try
        {
            var body = ex.GetRawResponse()?.Content;
            if (body is null || body.ToMemory().IsEmpty) return false;
            using var document = JsonDocument.Parse(body.ToMemory());
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return false;
            return Code(error) is "content_filter" or "content_policy_violation"
                || (error.TryGetProperty("innererror", out var inner) && inner.ValueKind == JsonValueKind.Object && Code(inner) == "ResponsibleAIPolicyViolation");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }

        static string? Code(JsonElement element) =>
            element.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
    }
}
