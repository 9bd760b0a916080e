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

    /// <summary>Reads a story or upload until its status is final; fails the test when it is not within 30 s.</summary>
    public static async Task<JsonElement> PollUntilFinalAsync(this HttpClient client, string location)
    {
        JsonElement resource = default;
        Assert.True(await Bedtime.Tests.TestSupport.Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(location);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            resource = await response.JsonAsync();
            return resource.GetProperty("status").GetString() is "completed" or "ready" or "rejected" or "failed";
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100)), $"{location} did not finish: {resource}");
        return resource;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
