using System.Net;
using System.Net.Http.Headers;
using Bedtime.Platform;
using Bedtime.Tests.Integration;
using Bedtime.Uploads;
using Bedtime.Uploads.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Uploads;

/// <summary>Upload processing retries through the real queue, with host.json's queue settings shortened as Functions allows.</summary>
[Collection(StandInsCollection.Name)]
public sealed class UploadRetriesTests(StandInsFixture standIns)
{
    [Fact]
    public async Task An_analyser_that_keeps_failing_is_retried_past_maxDequeueCount_until_the_deadline_then_the_upload_fails_with_the_last_error()
    {
        var analyser = new ScriptedAnalyser(_ => ProviderFailure.Retry("analyser_unavailable", "Azure OpenAI answered 503."));
        await using var app = await StartAsync(analyser, retryBudget: "00:00:10");
        using var parent = await app.ClientForAsync("parent-analyser-down");

        var upload = await parent.PollUntilFinalAsync(await UploadAsync(parent));

        Assert.Equal("failed", upload.GetProperty("status").GetString());
        Assert.Equal(Bedtime.Jobs.JobDeadline.Code, upload.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("503", upload.GetProperty("error").GetProperty("message").GetString());
        Assert.True(analyser.Calls > 3, $"{analyser.Calls} calls: the queue's 3 deliveries were not all it got");
        Assert.True(upload.GetProperty("updatedAt").GetDateTimeOffset() >= upload.GetProperty("retryDeadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_analyser_that_asks_to_come_back_later_is_waited_for_beyond_maxDequeueCount_and_the_upload_becomes_ready()
    {
        var analyser = new ScriptedAnalyser(call => call <= 4
            ? ProviderFailure.Retry("analyser_throttled", "Azure OpenAI is rate limiting requests (429).", TimeSpan.FromSeconds(1))
            : null);
        await using var app = await StartAsync(analyser);
        using var parent = await app.ClientForAsync("parent-analyser-busy");

        var upload = await parent.PollUntilFinalAsync(await UploadAsync(parent));

        Assert.Equal("ready", upload.GetProperty("status").GetString());
        Assert.Equal(5, analyser.Calls);
    }

    private Task<RunningApp> StartAsync(IUploadAnalyser analyser, string retryBudget = "00:30:00") => standIns.StartRunnerAsync(s =>
    {
        s["Jobs:RetryBudget"] = retryBudget;
        s["Jobs:MaxDeferral"] = "00:00:01";
        s["Auth:DevelopmentTokens"] = "true";
        s["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01";
        s["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3";
        s["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200";
    }, services => services.AddSingleton(analyser));

    private static async Task<string> UploadAsync(HttpClient client)
    {
        using var content = new ByteArrayContent(SampleFiles.Utf8Text);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = content };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    /// <summary>Fails as scripted per call (1-based), otherwise analyses like the offline analyser.</summary>
    private sealed class ScriptedAnalyser(Func<int, ProviderFailure?> failure) : IUploadAnalyser
    {
        private int _calls;
        public int Calls => _calls;
        public string Name => "scripted";

        public async Task<ProviderResult<UploadAnalysis>> AnalyseAsync(UploadKind kind, string contentType, Stream content, CancellationToken cancellationToken) =>
            failure(Interlocked.Increment(ref _calls)) is { } failed
                ? failed
                : await new OfflineUploadAnalyser().AnalyseAsync(kind, contentType, content, cancellationToken);
    }
}
