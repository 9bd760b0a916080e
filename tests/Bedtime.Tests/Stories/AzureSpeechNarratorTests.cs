using System.Diagnostics;
using System.Xml.Linq;
using Azure.Core;
using Bedtime.Platform;
using Bedtime.Secrets;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.AzureSpeech;
using Bedtime.Stories.Narration.Espeak;
using Bedtime.Stories.Narration.Voices;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bedtime.Tests.Stories;

public sealed class AzureSpeechNarratorTests : IAsyncLifetime
{
    private static readonly XNamespace Ssml = "http://www.w3.org/2001/10/synthesis";
    private static readonly XNamespace Xml = XNamespace.Xml;
    private StubServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task Posts_each_sentence_as_escaped_well_formed_ssml_with_the_documented_headers_and_times_it_by_its_audio()
    {
        var audio = Mp3Bytes(6000, seed: 1);
        await StartAsync((_, _, context) => Audio(context, audio));
        var credential = new StaticTokenCredential("entra-token");
        const string title = "Tom & Jerry's <Big> \"Night\"";
        string[] paragraphs = ["Once upon a time ]]> there was a <voice name='evil'> tag.", "It said \"good night\" & 'sleep well' </speak>."];

        var result = await Narrator(credential: credential).NarrateAsync(new NarrationInput([title, .. paragraphs], "en-US", null), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var narrated = result.Value!;
        Assert.Equal("audio/mpeg", narrated.ContentType);
        Assert.Equal(audio.Concat(audio).Concat(audio).ToArray(), await File.ReadAllBytesAsync(narrated.FilePath));
        Assert.Equal(3 * 6000 * 8 / 48000.0, narrated.DurationSeconds, precision: 6);
        Assert.Equal([new SentenceTiming(0, 1), new SentenceTiming(1, 2), new SentenceTiming(2, 3)], narrated.Sentences);

        Assert.Equal(3, _server!.Requests.Count);
        Assert.Equal([[title], [paragraphs[0]], [paragraphs[1]]],
            _server.Requests.Select(r => XDocument.Parse(r.Body).Descendants(Ssml + "p").Select(p => p.Value).ToArray()));
        var request = _server.Requests[0];
        Assert.Equal(("POST", "/tts/cognitiveservices/v1"), (request.Method, request.Path));
        Assert.Equal("audio-24khz-48kbitrate-mono-mp3", request.Headers["X-Microsoft-OutputFormat"]);
        Assert.Equal("application/ssml+xml", request.Headers["Content-Type"]);
        Assert.Equal("bedtime", request.Headers["User-Agent"]);
        Assert.Equal("Bearer entra-token", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
        Assert.Equal([Bedtime.Platform.Resilience.ProviderCallOptions.DefaultTokenScope], credential.Scopes.Distinct());

        Assert.DoesNotContain("<Big>", request.Body);
        Assert.Contains("&lt;Big&gt;", request.Body);
        var speak = XDocument.Parse(request.Body).Root!;
        Assert.Equal(Ssml + "speak", speak.Name);
        Assert.Equal(("1.0", "en-US"), ((string?)speak.Attribute("version"), (string?)speak.Attribute(Xml + "lang")));
        var voice = Assert.Single(speak.Elements());
        Assert.Equal(Ssml + "voice", voice.Name);
        Assert.Equal("en-US-AvaMultilingualNeural", (string?)voice.Attribute("name"));
        Assert.Equal([title], voice.Elements(Ssml + "p").Select(p => p.Value));
        Assert.DoesNotContain(voice.Descendants(), e => e.Name != Ssml + "p");
    }

    [Fact]
    public async Task A_chosen_voice_is_spoken_by_its_neural_voice_at_its_rate_and_pitch()
    {
        await StartAsync((_, _, context) => Audio(context, Mp3Bytes(500, 3)));
        var grandpa = VoiceCatalogue.Find("grandpa")!;

        var result = await Narrator().NarrateAsync(new NarrationInput(["Good night."], "en", grandpa), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await result.Value!.DisposeAsync();
        var voice = XDocument.Parse(Assert.Single(_server!.Requests).Body).Root!.Element(Ssml + "voice")!;
        Assert.Equal("en-GB-RyanNeural", (string?)voice.Attribute("name"));
        var prosody = Assert.Single(voice.Elements());
        Assert.Equal((Ssml + "prosody", "-20%", "-10%"), (prosody.Name, (string?)prosody.Attribute("rate"), (string?)prosody.Attribute("pitch")));
        Assert.Equal(["Good night."], prosody.Elements(Ssml + "p").Select(p => p.Value));
    }

    [Fact]
    public async Task Uses_the_resource_key_from_the_vault_when_one_is_configured()
    {
        await StartAsync((_, _, context) => Audio(context, Mp3Bytes(500, 2)));
        var vault = new Mock<ISecretVault>();
        vault.Setup(v => v.GetCurrentAsync("speech-key", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SecretValue(new SecretVersionInfo("speech-key", "1", true, DateTimeOffset.UtcNow, null, new Dictionary<string, string>()), "key-from-vault"));
        var credential = new StaticTokenCredential("unused");

        var result = await Narrator(o => o.KeySecretName = "speech-key", vault.Object, credential).NarrateAsync(Input(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await result.Value!.DisposeAsync();
        var request = Assert.Single(_server!.Requests);
        Assert.Equal("key-from-vault", request.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Empty(credential.Scopes);
    }

    [Fact]
    public async Task Sends_the_documented_aad_token_form_when_the_resource_id_is_configured()
    {
        await StartAsync((_, _, context) => Audio(context, Mp3Bytes(500, 3)));
        const string resourceId = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/speech";

        var result = await Narrator(o => o.ResourceId = resourceId).NarrateAsync(Input(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await result.Value!.DisposeAsync();
        Assert.Equal($"Bearer aad#{resourceId}#entra-token", Assert.Single(_server!.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Synthesises_a_segments_sentences_a_few_at_a_time_and_keeps_their_order()
    {
        var inFlight = 0;
        var most = 0;
        await StartAsync(async (n, request, context) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (this) most = Math.Max(most, now);
            await Task.Delay(200);
            Interlocked.Decrement(ref inFlight);
            // Each sentence's audio as long as its number says, so the order shows in the timings.
            var number = int.Parse(XDocument.Parse(request.Body).Descendants(Ssml + "p").Single().Value, System.Globalization.CultureInfo.InvariantCulture);
            await Audio(context, Mp3Bytes(6000 * number, seed: number));
        });
        string[] sentences = ["1", "2", "3", "4", "5", "6"];

        var result = await Narrator(o => o.MaxConcurrentRequests = 3).NarrateAsync(new NarrationInput(sentences, "en", null), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var narrated = result.Value!;
        Assert.Equal(3, most);
        Assert.Equal([0.0, 1, 3, 6, 10, 15], narrated.Sentences.Select(t => t.StartSeconds));
        Assert.Equal(21.0, narrated.DurationSeconds, precision: 6);
    }

    [Fact]
    public async Task Cuts_only_a_sentence_longer_than_a_chunk_and_appends_all_audio_in_order()
    {
        var bodies = Enumerable.Range(0, 20).Select(i => Mp3Bytes(1000 + i, seed: 10 + i)).ToArray();
        await StartAsync((n, _, context) => n == 1
            ? Status(context, 503, ("retry-after-ms", "50"))
            : Audio(context, bodies[n]));
        var sentence = "The little cloud floated softly over the sleeping town and hummed a lullaby. ";
        var paragraphs = Enumerable.Range(0, 12).Select(i => $"{i}: " + string.Concat(Enumerable.Repeat(sentence, 10)).Trim()).ToArray();
        var huge = string.Concat(Enumerable.Repeat(sentence, 70)).Trim();  // one "sentence" longer than a chunk

        var result = await Narrator(o => o.MaxChunkCharacters = 4000).NarrateAsync(new NarrationInput(["Clouds", .. paragraphs, huge], "en", null), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var narrated = result.Value!;
        var requests = _server!.Requests;
        Assert.Equal(1 + 1 + 12 + 2, requests.Count); // the title, the 503'd one again, twelve, the long one in two
        Assert.Equal(14, narrated.Sentences.Count);
        Assert.Equal(narrated.DurationSeconds, narrated.Sentences[^1].EndSeconds, precision: 6);
        var sent = requests.Select(r => XDocument.Parse(r.Body).Descendants(Ssml + "p").Select(p => p.Value).ToArray()).ToArray();
        Assert.All(sent, chunk => Assert.InRange(chunk.Sum(p => p.Length), 1, 4000));
        Assert.Equal(sent[1], sent[2]);  // the 503'd chunk was sent again
        var spoken = string.Join(" ", sent.Where((_, i) => i != 1).SelectMany(p => p));
        Assert.Equal(string.Join(" ", new[] { "Clouds" }.Concat(paragraphs).Append(huge)), spoken);
        var expected = bodies.Take(requests.Count).Where((_, i) => i != 1).SelectMany(b => b).ToArray();
        Assert.Equal(expected, await File.ReadAllBytesAsync(narrated.FilePath));
        Assert.Equal(expected.Length * 8 / 48000.0, narrated.DurationSeconds, precision: 6);
    }

    [Fact]
    public async Task Waits_as_long_as_Retry_After_asks_after_a_429_then_succeeds()
    {
        var audio = Mp3Bytes(800, 4);
        await StartAsync((n, _, context) => n == 0 ? Status(context, 429, ("Retry-After", "1")) : Audio(context, audio));

        var clock = Stopwatch.StartNew();
        var result = await Narrator().NarrateAsync(Input(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var narrated = result.Value!;
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.Equal(2, _server!.Requests.Count);
        Assert.Equal(audio, await File.ReadAllBytesAsync(narrated.FilePath));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_retries_wait_ends_in_a_throttled_failure_that_carries_it()
    {
        await StartAsync((_, _, context) => Status(context, 429, ("Retry-After", "120")));

        var result = await Narrator().NarrateAsync(Input(), CancellationToken.None);

        ProviderAssert.Failure(result, "narration_throttled", transient: true);
        Assert.Equal(TimeSpan.FromSeconds(120), result.Failure!.RetryAfter); // the job is put off that long
        Assert.Single(_server!.Requests);
    }

    [Fact]
    public async Task Gives_up_with_a_transient_failure_after_the_configured_retries_of_500s()
    {
        await StartAsync((_, _, context) => Status(context, 500));

        var result = await Narrator(o => o.MaxRetries = 2).NarrateAsync(Input(), CancellationToken.None);

        ProviderAssert.Failure(result, "narration_unavailable", transient: true);
        Assert.Equal(3, _server!.Requests.Count);
    }

    [Theory]
    [InlineData(401, "narration_unauthorized")]
    [InlineData(403, "narration_unauthorized")]
    [InlineData(400, "narration_rejected")]
    [InlineData(415, "narration_rejected")]
    public async Task Client_errors_are_permanent_and_not_retried(int status, string code)
    {
        await StartAsync((_, _, context) => Status(context, status));

        ProviderAssert.Failure(await Narrator().NarrateAsync(Input(), CancellationToken.None), code, transient: false);
        Assert.Single(_server!.Requests);
    }

    [Fact]
    public async Task A_hanging_service_hits_the_attempt_timeout_and_fails_transiently()
    {
        await StartAsync(async (_, _, context) =>
        {
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { }
        });

        // Two seconds per attempt, so that a slow fresh connection on a busy machine still reaches the stub.
        var clock = Stopwatch.StartNew();
        var result = await Narrator(o => (o.Timeout, o.MaxRetries) = (TimeSpan.FromSeconds(2), 1)).NarrateAsync(Input(), CancellationToken.None);

        ProviderAssert.Failure(result, "narration_timeout", transient: true);
        Assert.Equal(2, _server!.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(7), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_unconfigured_service_reports_narration_unavailable()
    {
        var narrator = new AzureSpeechNarrator(
            Options.Create(new SpeechOptions()), new Clients(), Mock.Of<ISecretVault>(), new StaticTokenCredential("t"),
            TimeProvider.System, NullLogger<AzureSpeechNarrator>.Instance);

        ProviderAssert.Failure(await narrator.NarrateAsync(Input(), CancellationToken.None), INarrator.Unavailable, transient: false);
    }

    [Theory]
    [InlineData("https://my-speech.cognitiveservices.azure.com/", "https://my-speech.cognitiveservices.azure.com/tts/cognitiveservices/v1")]
    [InlineData("https://westeurope.tts.speech.microsoft.com", "https://westeurope.tts.speech.microsoft.com/cognitiveservices/v1")]
    [InlineData("https://proxy.example/tts/cognitiveservices/v1", "https://proxy.example/tts/cognitiveservices/v1")]
    public void Posts_to_the_synthesis_path_of_the_endpoint(string endpoint, string expected) =>
        Assert.Equal(expected, new SpeechOptions { Endpoint = new Uri(endpoint) }.SynthesisUri().ToString());

    [Theory]
    [InlineData(null, typeof(EspeakNarrator))]
    [InlineData("Espeak", typeof(EspeakNarrator))]
    [InlineData("AzureSpeech", typeof(AzureSpeechNarrator))]
    [InlineData("None", typeof(NoNarrator))]
    public void Registration_chooses_the_narrator_by_provider(string? provider, Type expected)
    {
        using var services = Services(new() { ["Narrator:Provider"] = provider, ["Speech:Endpoint"] = "https://my-speech.cognitiveservices.azure.com/" });

        Assert.IsType(expected, services.GetRequiredService<INarrator>());
        Assert.Same(services.GetRequiredService<INarrator>(), services.GetRequiredService(expected));
    }

    [Fact]
    public void Registration_requires_an_endpoint_only_for_azure_speech()
    {
        using var espeak = Services(new() { ["Narrator:Provider"] = "Espeak" });
        Assert.Null(espeak.GetRequiredService<IOptions<SpeechOptions>>().Value.Endpoint);

        using var azure = Services(new() { ["Narrator:Provider"] = "AzureSpeech" });
        Assert.Throws<OptionsValidationException>(() => azure.GetRequiredService<IOptions<SpeechOptions>>().Value);
        using var badVoice = Services(new() { ["Narrator:Voice"] = "en; rm -rf /" });
        Assert.Throws<OptionsValidationException>(() => badVoice.GetRequiredService<IOptions<NarratorOptions>>().Value);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(Mock.Of<ISecretVault>());
        services.AddSingleton<TokenCredential>(new StaticTokenCredential("t"));
        return services.AddNarrators().BuildServiceProvider();
    }

    private async Task StartAsync(Func<int, RecordedRequest, HttpContext, Task> handler) => _server = await StubServer.StartAsync(handler);

    private AzureSpeechNarrator Narrator(Action<SpeechOptions>? configure = null, ISecretVault? vault = null, StaticTokenCredential? credential = null)
    {
        var options = new SpeechOptions
        {
            Endpoint = _server!.BaseUri,
            Timeout = TimeSpan.FromSeconds(10), // generous: a cold first call on a loaded CI machine can take seconds
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxConcurrentRequests = 1, // requests in a known order; the test of concurrency sets its own
        };
        configure?.Invoke(options);
        return new AzureSpeechNarrator(
            Options.Create(options), new Clients(), vault ?? Mock.Of<ISecretVault>(), credential ?? new StaticTokenCredential("entra-token"),
            TimeProvider.System, NullLogger<AzureSpeechNarrator>.Instance);
    }

    private static NarrationInput Input() => new(["Good night, little cloud."], "en-US", null);

    /// <summary>Bytes that start like an MP3 frame; the narrator only streams them through.</summary>
    private static byte[] Mp3Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        (bytes[0], bytes[1]) = (0xFF, 0xF3);
        return bytes;
    }

    private static async Task Audio(HttpContext context, byte[] bytes)
    {
        context.Response.ContentType = "audio/mpeg";
        await context.Response.Body.WriteAsync(bytes);
    }

    private static Task Status(HttpContext context, int status, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        return Task.CompletedTask;
    }

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = Timeout.InfiniteTimeSpan };
    }
}
