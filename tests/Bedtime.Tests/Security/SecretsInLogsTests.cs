using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Azure.Storage.Blobs;
using Bedtime.Platform;
using Bedtime.Secrets;
using Bedtime.Stories;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Writing;
using Bedtime.Tests.Integration;
using Bedtime.Tests.Stories;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Security;

/// <summary>
/// Drives every path that handles a credential, a link signature, file contents or story text — successes and
/// refusals — with the runner logging everything from Debug up, then looks for each secret in every captured log line
/// (rendered message, structured values, exceptions) and in every problem body.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class SecretsInLogsTests(StandInsFixture standIns) : IAsyncLifetime
{
    private static readonly string FileMarker = "FILEMARKER" + Guid.NewGuid().ToString("N");
    private static readonly string StoryMarker = "STORYMARKER" + Guid.NewGuid().ToString("N");
    private readonly List<string> _secrets = [];
    private readonly List<string> _problems = [];
    private OidcIssuer _issuer = null!;
    private RunningApp _app = null!;

    public async Task InitializeAsync()
    {
        _issuer = await OidcIssuer.StartAsync();
        var writer = new ScriptedStoryWriter((brief, _, _) => Task.FromResult<ProviderResult<WrittenStory>>(
            new WrittenStory("A quiet night", [$"Once upon a time {StoryMarker} went to sleep.", "Good night."])));
        _app = await standIns.StartRunnerAsync(s =>
        {
            s["Auth:Authority"] = _issuer.Authority;
            s["Auth:DevelopmentTokens"] = "true";
            s["Logging:LogLevel:Default"] = "Debug";
            s["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
            s["Logging:LogLevel:Azure"] = "Debug";
            s["Logging:LogLevel:System.Net.Http"] = "Debug";
        }, s => s.AddSingleton<IStoryWriter>(writer).AddSingleton<INarrator>(new ScriptedNarrator()));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task No_token_key_link_signature_file_content_or_story_text_is_logged_or_echoed()
    {
        var now = DateTimeOffset.UtcNow;
        var bearer = Secret(_issuer.Mint(now));
        var tampered = Secret(TokenTampering.ChangeSubject(bearer, "parent-zoe"));
        var expired = Secret(_issuer.Mint(now, notBefore: TimeSpan.FromHours(-2), expires: TimeSpan.FromHours(-1)));
        var apiKey = Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var wrongKey = Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var vault = _app.Services.GetRequiredService<ISecretVault>();
        await vault.AddVersionAsync("api-key-material", apiKey, null, new Dictionary<string, string>(), CancellationToken.None);
        using var dev = await _app.ClientForAsync("parent-dev");
        Secret(dev.DefaultRequestHeaders.Authorization!.Parameter!);
        Secret((await vault.GetCurrentAsync("dev-token-signing-key", CancellationToken.None))!.Value);

        // Credentials accepted and refused.
        await SendAsync(HttpMethod.Get, "/api/stories", bearer: bearer);
        await SendAsync(HttpMethod.Get, "/api/stories", bearer: tampered);
        await SendAsync(HttpMethod.Get, "/api/stories", bearer: expired);
        await SendAsync(HttpMethod.Get, "/api/stories", bearer: bearer + "x");
        await SendAsync(HttpMethod.Get, "/api/stories", apiKey: apiKey);
        await SendAsync(HttpMethod.Get, "/api/stories", apiKey: wrongKey);

        // A narrated story: its text, and its audio link's signature.
        using var story = await SendAsync(HttpMethod.Post, "/api/stories", bearer: bearer, content: Json(new StoryRequestBuilder().Narrated().Build()));
        var finished = await PollAsync(story.Headers.Location!.ToString(), bearer, s => s.Contains("\"completed\"", StringComparison.Ordinal));
        SignatureOf(System.Text.Json.JsonDocument.Parse(finished).RootElement.GetProperty("audio").GetProperty("url").GetString()!);

        // Uploads: direct, through a session link, and refused; their contents must not leak.
        var text = Encoding.UTF8.GetBytes($"My favourite story is about {FileMarker} and the moon.\n");
        using var direct = await SendAsync(HttpMethod.Post, "/api/uploads", bearer: bearer, content: new ByteArrayContent(text) { Headers = { ContentType = new("text/plain") } });
        using var refused = await SendAsync(HttpMethod.Post, "/api/uploads", bearer: bearer,
            content: new ByteArrayContent(Encoding.UTF8.GetBytes($"<html><script>{FileMarker}</script></html>")) { Headers = { ContentType = new("text/plain") } });
        using var session = await SendAsync(HttpMethod.Post, "/api/uploads/sessions", bearer: bearer,
            content: Json($$"""{"fileName":"notes.txt","contentType":"text/plain","sizeBytes":{{text.Length}}}"""));
        var sessionBody = System.Text.Json.JsonDocument.Parse(await session.Content.ReadAsStringAsync()).RootElement;
        var link = sessionBody.GetProperty("uploadUrl").GetString()!;
        SignatureOf(link);
        await new BlobClient(new Uri(link)).UploadAsync(new BinaryData(text));
        var forged = new UriBuilder(link) { Query = new Uri(link).Query.TrimStart('?').Replace("sp=", "sp=r", StringComparison.Ordinal) }.Uri;
        await Record.ExceptionAsync(() => new BlobClient(forged).DownloadContentAsync()); // storage refuses it; nothing of ours to log
        using var completed = await SendAsync(HttpMethod.Post, $"/api/uploads/{sessionBody.GetProperty("id").GetString()}/complete", bearer: bearer);
        await PollAsync(direct.Headers.Location!.ToString(), bearer, s => s.Contains("\"ready\"", StringComparison.Ordinal));
        await PollAsync($"/api/uploads/{sessionBody.GetProperty("id").GetString()}", bearer, s => s.Contains("\"ready\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        Secret(FileMarker);
        Secret(StoryMarker);
        // Requests and refusals were logged (at Debug and up), just without the secrets.
        Assert.Contains(_app.Logs.Lines, l => l.Contains("Rejected a bearer token", StringComparison.Ordinal));
        Assert.Contains(_app.Logs.Lines, l => l.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.True(_problems.Count >= 5, $"only {_problems.Count} problem bodies");
        var leaks = (from secret in _secrets
                     from line in _app.Logs.Lines.Select(l => ("log", l)).Concat(_problems.Select(p => ("problem", p)))
                     where line.Item2.Contains(secret, StringComparison.Ordinal)
                     select $"{line.Item1} holds '{secret[..Math.Min(12, secret.Length)]}…': {line.Item2[..Math.Min(300, line.Item2.Length)]}").ToList();
        Assert.Empty(leaks);
    }

    /// <summary>Registers a secret and the parts a log could hold on its own (a JWT's payload and signature).</summary>
    private string Secret(string value)
    {
        _secrets.Add(value);
        var parts = value.Split('.');
        if (parts.Length == 3) _secrets.AddRange(parts.Skip(1).Where(p => p.Length >= 16));
        return value;
    }

    private void SignatureOf(string url)
    {
        var signature = HttpUtility.ParseQueryString(new Uri(url).Query)["sig"];
        Assert.False(string.IsNullOrEmpty(signature), "the link has no signature");
        _secrets.Add(signature);
        _secrets.Add(Uri.EscapeDataString(signature));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, string? apiKey = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        var response = await _app.Client.SendAsync(request);
        if ((int)response.StatusCode >= 400) _problems.Add(await response.Content.ReadAsStringAsync());
        return response;
    }

    private async Task<string> PollAsync(string path, string bearer, Func<string, bool> done)
    {
        var body = "";
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var response = await SendAsync(HttpMethod.Get, path, bearer: bearer);
            body = await response.Content.ReadAsStringAsync();
            return done(body);
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)), $"{path} did not finish: {body}");
        return body;
    }
}
