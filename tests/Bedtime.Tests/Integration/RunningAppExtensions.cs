using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bedtime.Tests.Integration;

public static class RunningAppExtensions
{
    /// <summary>A development token for the subject (the runner must run with Auth:DevelopmentTokens=true).</summary>
    public static async Task<HttpClient> ClientForAsync(this RunningApp app, string subject, params string[] roles)
    {
        using var response = await app.Client.PostAsJsonAsync("/api/dev/token", new { sub = subject, roles });
        response.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
