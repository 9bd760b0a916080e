using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bedtime.Http;
using Bedtime.Stories;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Integration;

/// <summary>The pipeline's time bound (Http:RequestTimeout) through the local runner, with a dependency that hangs.</summary>
[Collection(StandInsCollection.Name)]
public sealed class RequestBoundTests(StandInsFixture standIns) : IAsyncLifetime
{
    // Long enough for an upload's six storage and database calls on a busy machine; twice it stays inside the server's
    // 5 s grace period for a body's minimum data rate (a longer pause is a 400 from the server, whatever the bound).
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    private const string DeafRoute = "test/deaf";
    private readonly DeafCalls _deaf = new();
    private RunningApp _app = null!;

    public async Task InitializeAsync() => _app = await standIns.StartRunnerAsync(
        s =>
        {
            s["Auth:DevelopmentTokens"] = "true";
            s["Http:RequestTimeout"] = Bound.ToString();
        },
        services => services.AddSingleton<IStoryInspirations, HangingInspirations>()
            .AddSingleton(new HostEndpoint(new ApiEndpoint("Deaf", Microsoft.AspNetCore.Http.HttpMethods.Get, DeafRoute, typeof(DeafHandler), EndpointAccess.Anonymous)))
            .AddSingleton(_deaf).AddScoped<DeafHandler>());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_request_whose_dependency_hangs_is_answered_503_with_Retry_After_once_its_bound_has_passed()
    {
        using var parent = await ClientAsync("parent-bound");
        var clock = Stopwatch.StartNew();

        using var response = await parent.PostAsync("/api/stories", Json(new StoryRequestBuilder().With("uploadIds", new JsonArray("up_0123456789abcdef0123456789abcdef")).Build()));
        var took = clock.Elapsed;
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(DependencyFailures.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.InRange(took, Bound / 2, Bound + TimeSpan.FromSeconds(2)); // answered by the bound, not long after it
        Assert.Contains(_app.Logs.Lines, line => line.Contains("took longer than its bound", StringComparison.Ordinal));
        // Nothing was stored: the story is created only after its material was resolved.
        using var list = await parent.GetAsync("/api/stories");
        Assert.Empty(JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_handler_that_ignores_cancellation_is_still_answered_503_at_its_bound_and_runs_to_its_end()
    {
        var clock = Stopwatch.StartNew();

        using var response = await _app.Client.GetAsync("/api/" + DeafRoute);
        var took = clock.Elapsed;
        var body = await response.Content.ReadAsStringAsync();
        await _deaf.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("service_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.InRange(took, Bound / 2, Bound + TimeSpan.FromSeconds(2)); // not the handler's 3 × bound
        Assert.Contains(_app.Logs.Lines, line => line.Contains("does not observe cancellation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_upload_whose_client_sends_slower_than_the_bound_is_not_cut_off()
    {
        using var parent = await ClientAsync("parent-slow-upload");
        using var content = new SlowText(pause: Bound * 2);

        using var response = await parent.PostAsync("/api/uploads", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A fresh runner's first requests can outlast a short bound (JIT on a busy machine): a 503 is retried, as its Retry-After asks.</summary>
    private async Task<HttpClient> ClientAsync(string subject)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await _app.ClientForAsync(subject); }
            catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 3) { }
        }
    }

    private sealed class HangingInspirations : IStoryInspirations
    {
        public async Task<Result<IReadOnlyList<StoryInspiration>>> ResolveAsync(string ownerId, IReadOnlyList<string> uploadIds, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new UnreachableException();
        }
    }

    /// <summary>A short text body sent in two halves with a pause between them.</summary>
    private sealed class SlowText : HttpContent
    {
        private readonly TimeSpan _pause;

        public SlowText(TimeSpan pause)
        {
            _pause = pause;
            Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("Once upon a time an owl "u8.ToArray());
            await stream.FlushAsync();
            await Task.Delay(_pause);
            await stream.WriteAsync("counted the stars until morning.\n"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class DeafCalls
    {
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Waits three bounds without looking at its token, like a call that does not observe cancellation.</summary>
    private sealed class DeafHandler(DeafCalls calls) : IApiHandler
    {
        public async Task<Microsoft.AspNetCore.Http.IResult> HandleAsync(Microsoft.AspNetCore.Http.HttpContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Bound * 3, CancellationToken.None);
            calls.Finished.TrySetResult();
            return Microsoft.AspNetCore.Http.Results.Ok();
        }
    }
}
