using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
    private TimeSpan? _recoverAfter;
    private readonly WebApplication _app;
    private readonly Random _random = new(20261124);
    private int _requests, _hangs, _throttles, _errors, _garbage, _ok;

    private FaultyOpenAIStub(WebApplication app, Uri endpoint, string certificatePem) => (_app, Endpoint, CertificatePemPath) = (app, endpoint, certificatePem);

    public Uri Endpoint { get; }
    public string CertificatePemPath { get; }
    public string Counts => $"{_requests} requests: {_ok} ok, {_hangs} hung, {_throttles} throttled (429), {_errors} server errors, {_garbage} garbage";

    /// <param name="recoverAfter">From then on every call succeeds (except for "Doomed"); null: it never recovers.</param>
    public static async Task<FaultyOpenAIStub> StartAsync(TimeSpan? recoverAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        var pem = Path.Combine(Path.GetTempPath(), $"bedtime-fault-stub-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        FaultyOpenAIStub? stub = null;
        app.MapPost("/openai/v1/chat/completions", (HttpContext context) => stub!.AnswerAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new FaultyOpenAIStub(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), pem) { _recoverAfter = recoverAfter };
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

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        File.Delete(CertificatePemPath);
    }
}
