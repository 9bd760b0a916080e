using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Bedtime.LoadRuns;

/// <summary>The few API calls the load runs and the fault suite make, as one parent.</summary>
/// <param name="tally">Records every answer this client gets (the fault suite's checks); null: none.</param>
public sealed class ApiClient(Uri address, string token, AnswerTally? tally = null) : IDisposable
{
    private readonly HttpClient _http = new(Handler(tally))
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public HttpClient Http => _http;

    public static Task<ApiClient> ForAsync(Uri address, string subject, params string[] roles) => ForAsync(address, subject, null, roles);

    public static async Task<ApiClient> ForAsync(Uri address, string subject, AnswerTally? tally, params string[] roles)
    {
        using var http = new HttpClient { BaseAddress = address };
        return new ApiClient(address, await StoryLatencyRun.TokenAsync(http, subject, roles), tally);
    }

    private static HttpMessageHandler Handler(AnswerTally? tally)
    {
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        return tally is null ? sockets : tally.Handler(sockets);
    }

    public async Task<(HttpStatusCode Status, string? Location, string? RetryAfter)> CreateStoryAsync(string childName, bool narrated)
    {
        var narration = narrated ? "true" : "false";
        var body = $$"""{"childName":"{{childName}}","age":5,"theme":"the sea","length":"short","narration":{"enabled":{{narration}}} }""";
        using var response = await _http.PostAsync("/api/stories", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, response.Headers.Location?.ToString(), response.Headers.RetryAfter?.ToString());
    }

    public async Task<(HttpStatusCode Status, string? Location, string? RetryAfter)> UploadAsync(byte[] content, string contentType)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _http.PostAsync("/api/uploads", body);
        return (response.StatusCode, response.Headers.Location?.ToString(), response.Headers.RetryAfter?.ToString());
    }

    public async Task<JsonElement?> ReadAsync(string location)
    {
        using var response = await _http.GetAsync(location);
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
    }

    public async Task<HttpStatusCode> HealthAsync()
    {
        try
        {
            using var response = await _http.GetAsync("/api/health");
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public void Dispose() => _http.Dispose();
}
