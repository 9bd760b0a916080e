using System.Net.Http.Headers;
using System.Text;
using Azure.Core;
using Azure.Identity;
using Bedtime.Platform;
using Bedtime.Platform.Resilience;
using Bedtime.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Bedtime.Stories.Narration.AzureSpeech;

/// <summary>
/// Narrates with the Azure AI Speech text to speech REST API: SSML in, MP3 (24 kHz, 48 kbit/s) out, one request per
/// sentence (cut into chunks of at most <see cref="SpeechOptions.MaxChunkCharacters"/> characters should one be longer),
/// each response streamed and appended to one temporary file (MP3 frames concatenate). Entra ID by default; the resource key from the vault when
/// <see cref="SpeechOptions.KeySecretName"/> is set.
/// </summary>
public sealed partial class AzureSpeechNarrator : INarrator
{
    public const string ProviderName = "azure-speech";
    private const string AudioFile = "segment.mp3";
    public const string HttpClientName = "speech";
    public const string OutputFormat = "audio-24khz-48kbitrate-mono-mp3";
    private const int BitsPerSecond = 48_000;

    private readonly SpeechOptions _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly ISecretVault _vault;
    private readonly TokenCredential _credential;
    private readonly TimeProvider _time;
    private readonly ILogger<AzureSpeechNarrator> _logger;
    private readonly ResiliencePipeline<SpeechAttempt> _pipeline;

    public AzureSpeechNarrator(
        IOptions<SpeechOptions> options, IHttpClientFactory httpClients, ISecretVault vault, TokenCredential credential,
        TimeProvider time, ILogger<AzureSpeechNarrator> logger)
    {
        _options = options.Value;
        _httpClients = httpClients;
        _vault = vault;
        _credential = credential;
        _time = time;
        _logger = logger;
        _pipeline = ProviderResilience.Create<SpeechAttempt>(_options.Resilience(ProviderName), Judge, time, logger);
    }

    public string Name => ProviderName;

    public async Task<ProviderResult<NarratedAudio>> NarrateAsync(NarrationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_options.Endpoint is null)
            return ProviderFailure.Permanent(INarrator.Unavailable, "Azure AI Speech is not configured (Speech:Endpoint).");
        var sentences = input.Sentences.Select(NarrationText.Clean).ToArray();
        if (sentences.Length == 0 || sentences.Any(s => s.Length == 0)) return ProviderFailure.Permanent("narration_empty", "There is no text to narrate.");

        var (authorization, authFailure) = await AuthorizeAsync(cancellationToken);
        if (authFailure is not null) return authFailure;

        var voice = input.Voice?.AzureVoice ?? _options.Voice;
        var language = Ssml.Language(input.Language);
        var folder = PrivateTempFolder.Create("bedtime-narration-");
        var done = false;
        var requests = 0;
        try
        {
            // Sentence by sentence (the REST API reports no boundaries), so each sentence's timing is its own audio's
            // length; a few at a time, so a paragraph takes about as long as its longest sentence.
            using var gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
            var parts = await Task.WhenAll(sentences.Select(async (sentence, i) =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var part = folder.PathOf($"sentence-{i}.mp3");
                    await using var file = new FileStream(part, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
                    foreach (var chunk in SpeechChunks.Split([sentence], _options.MaxChunkCharacters))
                    {
                        Interlocked.Increment(ref requests);
                        if (await SynthesizeAsync(file, Ssml.Build(chunk, voice, language, input.Voice), authorization, cancellationToken) is { } failure)
                            return (Path: part, Failure: failure);
                    }
                    return (Path: part, Failure: (ProviderFailure?)null);
                }
                finally
                {
                    gate.Release();
                }
            }));
            if (parts.FirstOrDefault(p => p.Failure is not null).Failure is { } failed) return failed;

            var path = folder.PathOf(AudioFile);
            var timings = new List<SentenceTiming>(parts.Length);
            await using (var segment = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                foreach (var (part, _) in parts)
                {
                    var start = Seconds(segment.Position);
                    await using (var file = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
                        await file.CopyToAsync(segment, cancellationToken);
                    File.Delete(part);
                    timings.Add(new SentenceTiming(start, Seconds(segment.Position)));
                }
            }
            var seconds = Seconds(new FileInfo(path).Length);
            LogNarrated(_logger, voice, requests, seconds);
            done = true;
            return new NarratedAudio(folder, AudioFile, "audio/mpeg", seconds, timings);
        }
        finally
        {
            if (!done) folder.Dispose();
        }
    }

    /// <summary>The output format is constant-bitrate frames without a tag, so bytes measure time exactly.</summary>
    private static double Seconds(long bytes) => bytes * 8.0 / BitsPerSecond;

    /// <summary>One chunk through the pipeline; a retried attempt first cuts the file back to where the chunk began.</summary>
    private async Task<ProviderFailure?> SynthesizeAsync(FileStream file, string ssml, Authorization authorization, CancellationToken cancellationToken)
    {
        var start = file.Position;
        var sent = await ProviderResilience.RunAsync(_pipeline, async token =>
        {
            file.SetLength(start);
            file.Position = start;
            return await SendAsync(file, ssml, authorization, token);
        }, "narration", "Azure AI Speech", _options.Timeout, cancellationToken);
        if (!sent.Succeeded)
        {
            LogCallFailed(_logger, 0);
            return sent.Failure;
        }
        var attempt = sent.Value!;

        if (attempt.Status is >= 200 and < 300)
        {
            return attempt.Bytes > 0 ? null : ProviderFailure.Permanent("narration_rejected", "Azure AI Speech returned no audio.");
        }
        LogCallFailed(_logger, attempt.Status);
        return attempt.Status switch
        {
            429 => ProviderFailure.Retry("narration_throttled", "Azure AI Speech is rate limiting requests (429).", attempt.RetryAfter),
            408 or >= 500 => ProviderFailure.Retry("narration_unavailable", $"Azure AI Speech answered {attempt.Status}.", attempt.RetryAfter),
            401 or 403 => ProviderFailure.Permanent("narration_unauthorized", $"Azure AI Speech refused our credentials ({attempt.Status})."),
            _ => ProviderFailure.Permanent("narration_rejected", $"Azure AI Speech rejected the request ({attempt.Status})."),
        };
    }

    private async Task<SpeechAttempt> SendAsync(FileStream file, string ssml, Authorization authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.SynthesisUri());
        request.Content = new StringContent(ssml, new UTF8Encoding(false));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ssml+xml");
        request.Headers.TryAddWithoutValidation("X-Microsoft-OutputFormat", OutputFormat);
        request.Headers.TryAddWithoutValidation("User-Agent", "bedtime");
        request.Headers.TryAddWithoutValidation(authorization.Header, authorization.Value);

        using var response = await _httpClients.CreateClient(HttpClientName)
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            var retryAfter = RetryAfter.Parse(Header(response, "retry-after-ms"), Header(response, "Retry-After"), _time.GetUtcNow());
            return new SpeechAttempt(status, retryAfter, 0);
        }
        var before = file.Position;
        await response.Content.CopyToAsync(file, cancellationToken);
        await file.FlushAsync(cancellationToken);
        return new SpeechAttempt(status, null, file.Position - before);
    }

    private static AttemptVerdict Judge(Outcome<SpeechAttempt> outcome) => outcome switch
    {
        { Exception: HttpRequestException or IOException } => new AttemptVerdict(true, null, "network error"),
        { Exception: null, Result: { Status: 408 or 429 or >= 500 } attempt } => new AttemptVerdict(true, attempt.RetryAfter, $"status {attempt.Status}"),
        _ => AttemptVerdict.Final,
    };

    private async Task<(Authorization, ProviderFailure?)> AuthorizeAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(_options.KeySecretName))
        {
            var key = await _vault.GetCurrentAsync(_options.KeySecretName, cancellationToken);
            return key is null || string.IsNullOrEmpty(key.Value)
                ? (default, ProviderFailure.Permanent("narration_not_configured", "The Azure AI Speech key is missing from the secret vault."))
                : (new Authorization("Ocp-Apim-Subscription-Key", key.Value), null);
        }
        try
        {
            var token = await _credential.GetTokenAsync(new TokenRequestContext([_options.TokenScope]), cancellationToken);
            var bearer = string.IsNullOrEmpty(_options.ResourceId) ? token.Token : $"aad#{_options.ResourceId}#{token.Token}";
            return (new Authorization("Authorization", $"Bearer {bearer}"), null);
        }
        catch (CredentialUnavailableException)
        {
            return (default, ProviderFailure.Permanent("narration_not_configured", "No Entra ID credential is available for Azure AI Speech."));
        }
        catch (AuthenticationFailedException)
        {
            return (default, ProviderFailure.Retry("narration_unauthorized", "Could not get an Entra ID token for Azure AI Speech."));
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private readonly record struct Authorization(string Header, string Value);

    private sealed record SpeechAttempt(int Status, TimeSpan? RetryAfter, long Bytes);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Azure AI Speech call failed with status {Status}")]
    private static partial void LogCallFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Narrated with Azure AI Speech voice {Voice} in {Chunks} requests: about {Seconds} s")]
    private static partial void LogNarrated(ILogger logger, string voice, int chunks, double seconds);
}
