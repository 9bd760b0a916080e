using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bedtime.LoadRuns;

/// <summary>How fast the stubbed providers are.</summary>
/// <param name="FirstToken">Until the model's first token.</param>
/// <param name="TokensPerSecond">The model's output speed after it (a token taken as four characters).</param>
/// <param name="SpeechFirstByte">Until Azure AI Speech's first audio byte.</param>
/// <param name="SpeechRealTimeFactor">Seconds of synthesis per second of audio after the first byte.</param>
/// <param name="WordsPerMinute">How fast the synthesised voice speaks (sets how long the audio is).</param>
public sealed record ProviderPace(TimeSpan FirstToken, double TokensPerSecond, TimeSpan SpeechFirstByte, double SpeechRealTimeFactor, double WordsPerMinute)
{
    /// <summary>The defaults; where each figure comes from is in the benchmark report (docs/benchmarks.md).</summary>
    public static ProviderPace Published { get; } = new(TimeSpan.FromSeconds(1), 50, TimeSpan.FromMilliseconds(200), 0.1, 150);
}

/// <summary>
/// Azure OpenAI chat completions (streamed as server-sent events when asked, whole otherwise) and Azure AI Speech
/// synthesis that take the time the real services take (<see cref="ProviderPace"/>): a first-token delay then tokens
/// at a steady rate; a first-byte delay then MP3 frames (24 kHz, 48 kbit/s, the narrator's format) as fast as the
/// real-time factor allows, as much audio as the text takes to say. Served over HTTPS with its own certificate, which
/// the runner process trusts through SSL_CERT_FILE.
/// </summary>
public sealed partial class RealisticProviderStub : IAsyncDisposable
{
    private static readonly byte[] FrameHeader = [0xFF, 0xF3, 0x64, 0xC0]; // MPEG-2 layer III, 48 kbit/s, 24 kHz, mono
    private const int FrameBytes = 144;
    private const double FrameSeconds = 576 / 24000.0;

    private readonly ProviderPace _pace;
    private HttpsStubHost _host = null!;
    private int _completions, _syntheses;

    private RealisticProviderStub(ProviderPace pace) => _pace = pace;

    public Uri Endpoint => _host.Endpoint;
    public string CertificatePemPath => _host.CertificatePemPath;
    public string Counts => $"{_completions} completions, {_syntheses} syntheses";

    public static async Task<RealisticProviderStub> StartAsync(ProviderPace pace)
    {
        var stub = new RealisticProviderStub(pace);
        stub._host = await HttpsStubHost.StartAsync(app =>
        {
            app.MapPost("/openai/v1/chat/completions", (HttpContext context) => stub.CompleteAsync(context));
            app.MapPost("/tts/cognitiveservices/v1", (HttpContext context) => stub.SynthesizeAsync(context));
        });
        return stub;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        Interlocked.Increment(ref _completions);
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var streamed = body.RootElement.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
        var story = StoryJson();
        var tokens = story.Chunk(4).Select(c => new string(c)).ToArray();
        await Task.Delay(_pace.FirstToken, context.RequestAborted);
        if (!streamed)
        {
            await Task.Delay(TimeSpan.FromSeconds(tokens.Length / _pace.TokensPerSecond), context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                id = "chatcmpl-stub", @object = "chat.completion", created = 1764000000, model = "bedtime-test",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = story }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 400, completion_tokens = tokens.Length, total_tokens = 400 + tokens.Length },
            }), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < tokens.Length; i++)
        {
            var due = TimeSpan.FromSeconds(i / _pace.TokensPerSecond) - started.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, context.RequestAborted);
            await EventAsync(context, new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1764000000, model = "bedtime-test",
                choices = new[] { new { index = 0, delta = new { content = tokens[i] }, finish_reason = (string?)null } } });
        }
        await EventAsync(context, new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1764000000, model = "bedtime-test",
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } } });
        await EventAsync(context, new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1764000000, model = "bedtime-test",
            choices = Array.Empty<object>(), usage = new { prompt_tokens = 400, completion_tokens = tokens.Length, total_tokens = 400 + tokens.Length } });
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static async Task EventAsync(HttpContext context, object payload)
    {
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(payload)}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private async Task SynthesizeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _syntheses);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = Tags().Replace(await reader.ReadToEndAsync(context.RequestAborted), " ");
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var frames = (int)Math.Ceiling(Math.Max(words, 1) * 60 / _pace.WordsPerMinute / FrameSeconds);
        await Task.Delay(_pace.SpeechFirstByte, context.RequestAborted);
        context.Response.ContentType = "audio/mpeg";
        var frame = new byte[FrameBytes];
        FrameHeader.CopyTo(frame, 0);
        var started = System.Diagnostics.Stopwatch.StartNew();
        const int framesPerWrite = 25;
        for (var sent = 0; sent < frames; sent += framesPerWrite)
        {
            var due = TimeSpan.FromSeconds(sent * FrameSeconds * _pace.SpeechRealTimeFactor) - started.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, context.RequestAborted);
            for (var i = sent; i < Math.Min(frames, sent + framesPerWrite); i++)
                await context.Response.Body.WriteAsync(frame, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>A medium story: about 600 words in eight paragraphs.</summary>
    private static string StoryJson()
    {
        const string name = "Mia";
        string[] scenes = ["harbour", "meadow", "forest", "hill", "garden", "river", "village", "sky"];
        var paragraphs = scenes.Select((scene, i) =>
            $"{name} walked slowly to the quiet {scene}, where the evening light was soft and golden. " +
            $"A small friendly owl was waiting there, and together they listened to the gentle sounds of the {scene}. " +
            "The wind hummed a lullaby, the leaves whispered good night, and every little creature began to settle down. " +
            $"{name} counted {i + 3} twinkling stars, one after another, and smiled at each of them in turn. " +
            "Then they took a deep, calm breath and felt warm, safe and sleepy.").ToArray();
        return JsonSerializer.Serialize(new { title = $"{name} and the Quiet Evening", paragraphs });
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
