using Bedtime.Platform.ContentSafety;
using Bedtime.Stories.Safety;
using Bedtime.Tests.Stories;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Stories.Safety;

public sealed class ContentSafetyCheckerTests : IAsyncLifetime
{
    private StubServer? _server;
    private int _violence;

    public async Task InitializeAsync() => _server = await StubServer.StartAsync(async (_, _, context) =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"categoriesAnalysis":[{"category":"Hate","severity":0},{"category":"Violence","severity":{{_violence}}}]}""");
    });

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Theory]
    [InlineData(2, 6, true)] // a knight's fight: fine from five
    [InlineData(2, 4, false)] // not for a four-year-old
    [InlineData(4, 12, false)]
    [InlineData(0, 1, true)]
    public async Task The_services_severities_are_judged_by_the_childs_age_band(int severity, int age, bool allowed)
    {
        _violence = severity;

        var verdict = await Checker().CheckAsync("The knight fought the dragon.", age, CancellationToken.None);

        Assert.Equal(allowed, verdict.Value!.Allowed);
        if (!allowed) Assert.Equal("content-safety: Violence " + severity, verdict.Value.Refusal!.Evidence);
    }

    [Fact]
    public async Task A_text_longer_than_one_request_takes_is_sent_in_parts_cut_between_lines()
    {
        var paragraph = new string('a', 3_000);
        var text = string.Join('\n', Enumerable.Repeat(paragraph, 7)); // 21,006 characters

        await Checker().CheckAsync(text, 6, CancellationToken.None);

        var parts = _server!.Requests.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetString()!).ToList();
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True(p.Length <= ContentSafetyOptions.MaxTextCharacters));
        Assert.Equal(text, string.Concat(parts));
    }

    private ContentSafetyChecker Checker() => new(new ContentSafetyClient(
        Options.Create(new ContentSafetyOptions { Endpoint = _server!.BaseUri, MaxRetries = 0 }), new Clients(), new StaticTokenCredential("t"),
        TimeProvider.System, NullLogger<ContentSafetyClient>.Instance));

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = Timeout.InfiniteTimeSpan };
    }
}
