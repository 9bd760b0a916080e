using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bedtime.LoadRuns;

/// <summary>
/// An Azure OpenAI chat-completions endpoint that misbehaves on purpose: hangs, 429 with Retry-After, 500s and
/// garbage, in a seeded mix (one call in three succeeds) until it recovers, if asked to; requests for a child
/// named "Doomed" always fail. Served over HTTPS with its own certificate, which the runner process trusts through
/// SSL_CERT_FILE.
/// </summary>
public sealed class FaultyOpenAIStub : IAsyncDisposable
{
    private readonly System.Diagnostics.Stopwatch _since = System.Diagnostics.Stopwatch.StartNew();
    private readonly TimeSpan? _recoverAfter;
    private readonly Random _random = new(20261124);
    private HttpsStubHost _host = null!;
    private int _requests, _hangs, _throttles, _errors, _garbage, _ok;

    private FaultyOpenAIStub(TimeSpan? recoverAfter) => _recoverAfter = recoverAfter;

    public Uri Endpoint => _host.Endpoint;
    public string CertificatePemPath => _host.CertificatePemPath;
    public string Counts => $"{_requests} requests: {_ok} ok, {_hangs} hung, {_throttles} throttled (429), {_errors} server errors, {_garbage} garbage";

    /// <param name="recoverAfter">From then on every call succeeds (except for "Doomed"); null: it never recovers.</param>
    public static async Task<FaultyOpenAIStub> StartAsync(TimeSpan? recoverAfter = null)
    {
        var stub = new FaultyOpenAIStub(recoverAfter);
        stub._host = await HttpsStubHost.StartAsync(app => app.MapPost("/openai/v1/chat/completions", (HttpContext context) => stub.AnswerAsync(context)));
        return stub;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var doomed = body.RootElement.GetRawText().Contains("Doomed", StringComparison.Ordinal);
        int roll;
        lock (_random) roll = _random.Next(100);
        if (_recoverAfter is { } recovery && _since.Elapsed >= recovery) roll = 99;
        if (doomed || roll < 20) { Interlocked.Increment(ref _errors); context.Response.StatusCode = 500; await context.Response.WriteAsync("""{"error":{"message":"boom","code":"server_error"}}"""); return; }
        if (roll < 34) { Interlocked.Increment(ref _hangs); await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }); return; }
        if (roll < 50) { Interlocked.Increment(ref _throttles); context.Response.StatusCode = 429; context.Response.Headers.RetryAfter = "1"; await context.Response.WriteAsync("""{"error":{"message":"slow down","code":"429"}}"""); return; }
        if (roll < 67) { Interlocked.Increment(ref _garbage); await WriteCompletionAsync(context, "Once upon a time {{{ not json"); return; }
        Interlocked.Increment(ref _ok);
        var story = JsonSerializer.Serialize(new
        {
            title = "The Quiet Harbour",
            paragraphs = new[]
            {
                "Once upon a time a small boat rocked gently in a quiet harbour, and the gulls were settling down for the night.",
                "A child and a friendly seal counted the lanterns along the pier, one by one, until the last one glowed.",
                "Then the stars came out, the waves whispered hush, and it was time to sleep. Good night.",
            },
        });
        await WriteCompletionAsync(context, story);
    }

    private static Task WriteCompletionAsync(HttpContext context, string content)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fault", @object = "chat.completion", created = 1764000000, model = "bedtime-test",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 50, completion_tokens = 80, total_tokens = 130 },
        }));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
