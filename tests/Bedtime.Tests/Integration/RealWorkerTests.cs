using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Bedtime.Local.FunctionsHost;
using Bedtime.Tests.TestSupport;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Integration;

/// <summary>
/// The Functions app that deploys — Program.cs, the worker middleware, the trigger classes — running in the real
/// .NET isolated worker behind the project's Functions host, against the stand-ins.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class RealWorkerTests(StandInsFixture standIns) : IAsyncLifetime
{
    private LocalFunctionsHost _host = null!;
    private string _apiKey = null!;
    private HttpClient _client = null!;
    private HttpClient _service = null!;

    public async Task InitializeAsync()
    {
        (_host, _apiKey) = await standIns.FunctionsHostAsync();
        _client = new HttpClient { BaseAddress = _host.ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        _service = new HttpClient { BaseAddress = _host.ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        _service.DefaultRequestHeaders.Add("X-Api-Key", _apiKey);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _service.Dispose();
        return Task.CompletedTask;
    }

    private HttpRequestMessage AsService(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", _apiKey);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    [Fact]
    public void The_worker_process_is_the_built_Functions_app_and_loads_every_HTTP_function()
    {
        Assert.Contains("Bedtime.Functions.dll", File.ReadAllText($"/proc/{_host.Worker!.Id}/cmdline"), StringComparison.Ordinal);
        Assert.Empty(_host.Functions!.Refused);
        Assert.Equal(Bedtime.Http.ApiCatalogue.Endpoints.Select(e => e.Route).Distinct().Order(), _host.Functions.Http.Select(f => f.Route).Distinct().Order());
    }

    [Fact]
    public void The_host_applies_the_retry_policies_the_worker_reports_for_its_timers()
    {
        // [ExponentialBackoffRetry(3, "00:00:10", "00:01:00")] on functions/Bedtime.Functions/Timers/SweeperFunction.cs
        Assert.Equal(new Bedtime.Local.Timers.TimerRetry(3, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), Exponential: true),
            _host.Functions!.Timers.Single(t => t.Name == "SweeperTimer").Retry);
        Assert.All(_host.Functions.Timers, t => Assert.NotNull(t.Retry));
    }

    [Fact]
    public async Task Health_answers_healthy_through_the_worker_with_the_security_headers_and_a_request_id()
    {
        using var response = await _client.GetAsync("/api/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task A_path_no_function_serves_is_a_404_from_the_host()
    {
        using var response = await _client.GetAsync("/api/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Without_credentials_a_story_route_is_a_401_problem_written_inside_the_shared_pipeline()
    {
        using var response = await _client.GetAsync("/api/stories");

        var problem = await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", problem.GetProperty("code").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), problem.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task A_story_is_accepted_and_read_back_through_the_worker()
    {
        using var created = await _client.SendAsync(AsService(HttpMethod.Post, "/api/stories", """{"childName":"Mia","age":6,"theme":"the sea","length":"short"}"""));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;

        using var read = await _client.SendAsync(AsService(HttpMethod.Get, location));
        using var story = JsonDocument.Parse(await read.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Mia", story.RootElement.GetProperty("request").GetProperty("childName").GetString());
        Assert.NotNull(read.Headers.GetValues("RateLimit-Limit").Single());
    }

    [Fact]
    public async Task A_body_the_app_refuses_is_a_400_problem_naming_the_field()
    {
        using var response = await _client.SendAsync(AsService(HttpMethod.Post, "/api/stories", """{"childName":"Mia","age":60,"theme":"the sea","length":"short"}"""));

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("age", out _), problem.ToString());
    }

    [Fact]
    public async Task A_browser_preflight_reaches_the_app_which_allows_its_configured_origin_and_refuses_another()
    {
        HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/stories");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return request;
        }

        using var allowed = await _client.SendAsync(Preflight(StandInsFixture.FunctionsHostOrigin));
        using var refused = await _client.SendAsync(Preflight("https://elsewhere.example"));

        Assert.True(allowed.IsSuccessStatusCode, $"preflight answered {(int)allowed.StatusCode}");
        Assert.Equal(StandInsFixture.FunctionsHostOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_operator_route_loads_under_ops_and_refuses_a_service_key_as_not_admin()
    {
        using var response = await _client.SendAsync(AsService(HttpMethod.Post, "/api/ops/secrets/rotate"));

        var problem = await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_upload_streams_through_the_host_to_the_worker_and_is_accepted_by_content()
    {
        using var request = AsService(HttpMethod.Post, "/api/uploads");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("Once upon a time a fox counted the stars."));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        request.Headers.Add("X-File-Name", "fox.txt");

        using var response = await _client.SendAsync(request);
        using var upload = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/plain", upload.RootElement.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task An_upload_body_reaches_the_worker_while_the_client_is_still_sending_it()
    {
        var blockBytes = new Bedtime.Uploads.UploadOptions().BlockBytes;
        var content = new PausingContent(firstPart: 3 * blockBytes, rest: blockBytes);
        using var request = AsService(HttpMethod.Post, "/api/uploads");
        request.Content = content;
        request.Headers.Add("X-File-Name", "long.txt");
        var uploads = new Azure.Storage.Blobs.BlobServiceClient(standIns.FunctionsHostSettings["AzureWebJobsStorage"])
            .GetBlobContainerClient(Bedtime.Platform.BlobContainers.Uploads);
        var before = await StagedBlobsAsync(uploads);

        var sending = _client.SendAsync(request);
        await content.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        // Blocks of the body are in storage while the client still holds the rest back: the host did not buffer it whole.
        var stagedMeanwhile = await Bedtime.Tests.TestSupport.Eventually.TrueAsync(
            async () => (await StagedBlobsAsync(uploads)).Except(before).Any(), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        content.Resume();
        using var response = await sending;

        Assert.True(stagedMeanwhile, "nothing reached storage before the client finished sending");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<HashSet<string>> StagedBlobsAsync(Azure.Storage.Blobs.BlobContainerClient uploads)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in uploads.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.Uncommitted))
            names.Add(blob.Name);
        return names;
    }

    /// <summary>A text body of unknown length (sent chunked) that stops after its first part until told to go on.</summary>
    private sealed class PausingContent : HttpContent
    {
        private readonly int _firstPart;
        private readonly int _rest;
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PausingContent(int firstPart, int rest)
        {
            (_firstPart, _rest) = (firstPart, rest);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        }

        public Task Paused => _paused.Task;
        public void Resume() => _resume.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var line = Encoding.UTF8.GetBytes("The owl counted the stars one by one until the moon came up.\n");
            async Task WriteAsync(int bytes)
            {
                for (var written = 0; written < bytes; written += line.Length) await stream.WriteAsync(line);
                await stream.FlushAsync();
            }
            await WriteAsync(_firstPart);
            _paused.TrySetResult();
            await _resume.Task;
            await WriteAsync(_rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_narrated_story_is_written_and_narrated_by_the_workers_queue_function()
    {
        using var created = await _service.PostAsync("/api/stories", new StringContent(
            """{"childName":"Mia","age":6,"theme":"the sea","length":"short","narration":{"enabled":true}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);

        var story = await _service.PollUntilFinalAsync(created.Headers.Location!.OriginalString);

        Assert.Equal("completed", story.GetProperty("status").GetString());
        Assert.True(story.GetProperty("wordCount").GetInt32() > 100);
        Assert.Equal(JsonValueKind.Object, story.GetProperty("audio").ValueKind);
    }

    [Fact]
    public async Task A_finished_story_polled_with_its_ETag_through_the_worker_is_a_304_without_a_body()
    {
        using var created = await _service.PostAsync("/api/stories", new StringContent(
            """{"childName":"Mia","age":6,"theme":"the sea","length":"short"}""", Encoding.UTF8, "application/json"));
        var location = created.Headers.Location!.OriginalString;
        await _service.PollUntilFinalAsync(location);
        using var read = await _service.GetAsync(location);

        using var again = new HttpRequestMessage(HttpMethod.Get, location);
        again.Headers.IfNoneMatch.Add(read.Headers.ETag!);
        using var unchanged = await _service.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(read.Headers.ETag, unchanged.Headers.ETag);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_upload_is_processed_until_ready_by_the_workers_queue_function()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("The little owl could not sleep, so it counted the stars over the quiet wood until morning came."));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        using var created = await _service.PostAsync("/api/uploads?fileName=owl.txt", content);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var upload = await _service.PollUntilFinalAsync(created.Headers.Location!.OriginalString);

        Assert.Equal("ready", upload.GetProperty("status").GetString());
        Assert.Contains("owl", upload.GetProperty("result").GetProperty("extractedText").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Bedtime.Platform.FunctionNames.SweeperTimer)]
    [InlineData(Bedtime.Platform.FunctionNames.SecretRotationTimer)]
    [InlineData(Bedtime.Platform.FunctionNames.BackupTimer)]
    public async Task Each_timer_function_runs_in_the_worker(string function)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await _host.RunTimerNowAsync(function, deadline.Token); // throws when the worker reports a failure
    }

    [Fact]
    public async Task A_backup_asked_for_through_the_API_runs_as_an_operation_in_the_workers_queue_function()
    {
        using var admin = await UserAsync("ops-" + Guid.NewGuid().ToString("N")[..6], "admin");

        var operation = await Bedtime.Tests.Backups.BackupTestApp.OperationAsync(admin, "/api/ops/backups");

        Assert.True(operation.GetProperty("status").GetString() == "succeeded", operation.ToString());
        Assert.True(operation.GetProperty("result").GetProperty("verified").GetBoolean());
        using var listed = await admin.GetAsync("/api/ops/backups");
        Assert.Contains(operation.GetProperty("backupId").GetString(),
            JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    private async Task<HttpClient> UserAsync(string subject, params string[] roles)
    {
        using var minted = await _client.PostAsync("/api/dev/token", new StringContent(
            JsonSerializer.Serialize(new { sub = subject, roles }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = JsonDocument.Parse(await minted.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        var user = new HttpClient { BaseAddress = _host.ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        user.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return user;
    }

    [Fact]
    public async Task A_development_token_from_the_host_signs_in_at_the_worker_and_owners_stay_apart()
    {
        using var mia = await UserAsync("parent-mia-" + Guid.NewGuid().ToString("N")[..6]);
        using var zoe = await UserAsync("parent-zoe-" + Guid.NewGuid().ToString("N")[..6]);

        using var created = await mia.PostAsync("/api/stories", new StringContent("""{"childName":"Mia","age":6,"theme":"owls","length":"short"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        using var hers = await mia.GetAsync(created.Headers.Location);
        using var theirs = await zoe.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, hers.StatusCode);
        await Problems.ReadAsync(theirs, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_parent_erases_their_data_through_the_worker_and_its_queue_function_and_their_story_is_gone()
    {
        using var parent = await UserAsync("parent-erase-" + Guid.NewGuid().ToString("N")[..6]);
        using var created = await parent.PostAsync("/api/stories", new StringContent("""{"childName":"Ava","age":5,"theme":"owls","length":"short"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await parent.PollUntilFinalAsync(created.Headers.Location!.OriginalString);

        using var accepted = await parent.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var erasure = await parent.PollUntilFinalAsync(accepted.Headers.Location!.OriginalString);
        Assert.Equal("completed", erasure.GetProperty("status").GetString());
        Assert.Equal(1, erasure.GetProperty("erased").GetProperty("stories").GetInt32());
        await Problems.ReadAsync(await parent.GetAsync(created.Headers.Location), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_job_message_in_the_poison_queue_is_handled_by_the_workers_poison_function()
    {
        var settings = standIns.FunctionsHostSettings;
        var stories = new Bedtime.Platform.Cosmos.DocumentStore<Bedtime.Stories.StoryDocument>(
            standIns.CreateAppCosmosClient().GetContainer(settings["Cosmos:Database"], Bedtime.Platform.CosmosContainers.Stories));
        var now = TimeProvider.System.GetUtcNow();
        var story = new Bedtime.Stories.StoryDocument
        {
            Id = Bedtime.Platform.ResourceIds.NewStory(), OwnerId = Bedtime.Security.Caller.ServiceOwnerId, Status = Bedtime.Stories.StoryStatus.Queued,
            Request = new Bedtime.Stories.StoryRequest("Mia", 5, "space", Bedtime.Stories.StoryLength.Short), CreatedAt = now, UpdatedAt = now,
        };
        await stories.CreateAsync(story, story.OwnerId, CancellationToken.None);
        var poison = new Azure.Storage.Queues.QueueClient(settings["AzureWebJobsStorage"], Bedtime.Platform.QueueNames.StoryJobsPoison,
            new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();

        await poison.SendMessageAsync(Bedtime.Jobs.JobMessage.Create(story.Id, story.OwnerId, "story", TimeProvider.System).ToJson());
        var failed = await _service.PollUntilFinalAsync($"/api/stories/{story.Id}");

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("retries_exhausted", failed.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_request_whose_storage_hangs_is_answered_503_with_Retry_After_within_its_bound_by_the_worker()
    {
        var azurite = standIns.FunctionsHostStorage.Azurite!;
        var clock = Stopwatch.StartNew();
        azurite.Pause(); // the story is stored in Cosmos DB, then its queue message waits on a storage that never answers
        HttpStatusCode status;
        bool retryAfter;
        try
        {
            using var response = await _service.PostAsync("/api/stories", new StringContent(
                """{"childName":"Mia","age":6,"theme":"the sea","length":"short"}""", Encoding.UTF8, "application/json"));
            (status, retryAfter) = (response.StatusCode, response.Headers.RetryAfter is not null);
        }
        finally
        {
            azurite.Resume();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(retryAfter);
        Assert.InRange(clock.Elapsed, StandInsFixture.FunctionsHostRequestTimeout / 2, StandInsFixture.FunctionsHostRequestTimeout + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_worker_that_dies_is_restarted_and_the_API_answers_again()
    {
        var before = _host.Worker!.Id;

        using (var worker = Process.GetProcessById(before)) worker.Kill();

        var answers = new List<(HttpStatusCode Status, bool RetryAfter)>();
        Assert.True(await Bedtime.Tests.TestSupport.Eventually.TrueAsync(async () =>
        {
            using var response = await _client.GetAsync("/api/health");
            answers.Add((response.StatusCode, response.Headers.RetryAfter is not null));
            return _host.Worker!.Id != before && response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)), "the worker was not restarted");
        // Meanwhile the host answers 503 with Retry-After (not a 502 from a worker that is not there).
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK || (a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter), $"{a.Status}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Bedtime.Functions.dll", File.ReadAllText($"/proc/{_host.Worker!.Id}/cmdline"), StringComparison.Ordinal);
    }
}
