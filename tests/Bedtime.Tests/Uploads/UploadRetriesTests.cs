using System.Net;
using System.Net.Http.Headers;
using Bedtime.Jobs;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Tests.Integration;
using Bedtime.Uploads;
using Bedtime.Uploads.Analysis;
using Bedtime.Uploads.Inspection;
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

    [Fact]
    public async Task A_job_queued_while_its_record_still_says_receiving_is_put_off_and_runs_once_the_record_says_received()
    {
        await using var app = await StartAsync(new ScriptedAnalyser(_ => null));
        using var parent = await app.ClientForAsync("parent-queued-early");
        var location = await UploadAsync(parent);
        var upload = await parent.PollUntilFinalAsync(location);
        var uploads = app.Services.GetRequiredService<DocumentStore<UploadDocument>>();
        var id = upload.GetProperty("id").GetString()!;
        var byId = new Microsoft.Azure.Cosmos.QueryDefinition("SELECT * FROM c WHERE c.id = @id").WithParameter("@id", id);
        UploadDocument? stored = null;
        await foreach (var found in CrossPartitionQuery.ReadAllAsync<UploadDocument>(uploads.Container, byId, CancellationToken.None)) stored = found;
        var owner = stored!.OwnerId;
        // As the handler leaves it between queueing the job and saying received:
        var receiving = (await uploads.ReplaceAsync(stored with { Status = UploadStatus.Receiving, Result = null }, id, owner, stored.ETag, CancellationToken.None))!;

        await app.Services.GetRequiredService<IJobQueue>().EnqueueAsync(QueueNames.UploadJobs, JobMessage.Create(id, owner, "upload", TimeProvider.System), CancellationToken.None);
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !PutOff(app) && waited.Elapsed < TimeSpan.FromSeconds(20);)
            await Task.Delay(100); // until a delivery has found it receiving
        var waiting = (await uploads.GetAsync(owner, id, CancellationToken.None))!;
        await uploads.ReplaceAsync(waiting with { Status = UploadStatus.Received }, id, owner, waiting.ETag, CancellationToken.None);
        var ready = await parent.PollUntilFinalAsync(location);

        Assert.Equal(UploadStatus.Receiving, waiting.Status);
        Assert.Equal(receiving.ETag, waiting.ETag);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.True(PutOff(app), "no delivery found the record receiving");
    }

    private static bool PutOff(RunningApp app) => app.Logs.Lines.Any(line => line.Contains("not_received_yet", StringComparison.Ordinal));

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

        public async Task<ProviderResult<UploadAnalysis>> AnalyseAsync(
            UploadKind kind, string contentType, MediaMeasurements? measured, Stream content, CancellationToken cancellationToken) =>
            failure(Interlocked.Increment(ref _calls)) is { } failed
                ? failed
                : await new OfflineUploadAnalyser().AnalyseAsync(kind, contentType, measured, content, cancellationToken);
    }
}
