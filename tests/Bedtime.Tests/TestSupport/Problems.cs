using System.Net;
using System.Text.Json;

namespace Bedtime.Tests.TestSupport;

public static class Problems
{
    /// <summary>Reads an RFC 9457 problem answer, checking its status, media type and the fields every problem of the API carries.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        foreach (var field in new[] { "type", "title", "status", "detail", "requestId", "traceId", "code" })
            Assert.True(problem.TryGetProperty(field, out _), $"problem details lack '{field}'");
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
