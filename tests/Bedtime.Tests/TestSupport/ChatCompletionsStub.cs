using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Tests.TestSupport;

/// <summary>Answers written by the in-test Azure OpenAI stubs: chat completions and errors in the service's JSON shape.</summary>
public static class ChatCompletionsStub
{
    public static Task Completion(HttpContext context, string model, string content, string finishReason = "stop", int promptTokens = 100, int completionTokens = 50) =>
        Json(context, 200, new
        {
            id = "chatcmpl-1",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content, refusal = (string?)null }, finish_reason = finishReason, logprobs = (object?)null } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        });

    public static async Task Json(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    public static Task Error(HttpContext context, int status, params (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        return Json(context, status, new { error = new { code = status.ToString(CultureInfo.InvariantCulture), message = "stub" } });
    }
}
