using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Identity;
using Bedtime.Platform.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Bedtime.Platform.ContentSafety;

/// <summary>One harm category's severity on Content Safety's four-level scale (0, 2, 4, 6).</summary>
public sealed record CategorySeverity(string Category, int Severity);

/// <summary>
/// The Azure AI Content Safety REST API (<c>text:analyze</c>, <c>text:shieldPrompt</c>), no SDK: JSON over the named
/// HTTP client with an Entra ID bearer token for the app identity, through a <see cref="ProviderResilience"/> pipeline.
/// Failures come back as values with codes <c>safety_check_*</c>; all are transient but a rejected request, so a story
/// waits (within its retry budget) rather than being shown unchecked.
/// </summary>
public sealed partial class ContentSafetyClient
{
    public const string HttpClientName = "content-safety";
    private const string ProviderName = "content-safety";

    // Web defaults, not the API's strict client-input rules: the service may add fields to its answers.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ContentSafetyOptions _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly TokenCredential _credential;
    private readonly TimeProvider _time;
    private readonly ILogger<ContentSafetyClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ContentSafetyClient(
        IOptions<ContentSafetyOptions> options, IHttpClientFactory httpClients, TokenCredential credential, TimeProvider time, ILogger<ContentSafetyClient> logger)
    {
        _options = options.Value;
        _httpClients = httpClients;
        _credential = credential;
        _time = time;
        _logger = logger;
        _pipeline = ProviderResilience.Create<HttpResponseMessage>(_options.Resilience(ProviderName), Judge, time, logger);
    }

    /// <summary>The severities of the four harm categories in <paramref name="text"/> (at most <see cref="ContentSafetyOptions.MaxTextCharacters"/>).</summary>
    public async Task<ProviderResult<IReadOnlyList<CategorySeverity>>> AnalyzeTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(text.Length, ContentSafetyOptions.MaxTextCharacters, nameof(text));
        var result = await SendAsync<AnalyzeTextResponse>("analyze", new AnalyzeTextRequest(text, ["Hate", "SelfHarm", "Sexual", "Violence"], "FourSeverityLevels"), cancellationToken);
        if (!result.Succeeded) return result.Failure!;
        return result.Value!.CategoriesAnalysis.Select(c => new CategorySeverity(c.Category, c.Severity ?? 0)).ToList();
    }

    /// <summary>For each document, whether Prompt Shields found an attack hidden in it.</summary>
    public async Task<ProviderResult<IReadOnlyList<bool>>> ShieldDocumentsAsync(IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        var result = await SendAsync<ShieldPromptResponse>("shieldPrompt", new ShieldPromptRequest("", documents), cancellationToken);
        if (!result.Succeeded) return result.Failure!;
        var analyses = result.Value!.DocumentsAnalysis ?? [];
        if (analyses.Count != documents.Count)
            return ProviderFailure.Retry("safety_check_malformed", $"Prompt Shields judged {analyses.Count} of {documents.Count} documents.");
        return analyses.Select(a => a.AttackDetected).ToList();
    }

    private async Task<ProviderResult<T>> SendAsync<T>(string operation, object body, CancellationToken cancellationToken) where T : class
    {
        if (!_options.IsConfigured)
            return ProviderFailure.Permanent("safety_check_not_configured", "Azure AI Content Safety is not configured (ContentSafety:Endpoint).");
        string token;
        try
        {
            token = (await _credential.GetTokenAsync(new TokenRequestContext([_options.TokenScope]), cancellationToken)).Token;
        }
        catch (Exception e) when (e is CredentialUnavailableException or AuthenticationFailedException)
        {
            LogCallFailed(_logger, operation, 0);
            return ProviderFailure.Retry("safety_check_unauthorized", "Could not get an Entra ID token for Azure AI Content Safety.");
        }

        var sent = await ProviderResilience.RunAsync(_pipeline, async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _options.OperationUri(operation)) { Content = JsonContent.Create(body, options: Json) };
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
            return await _httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        }, "safety_check", "Azure AI Content Safety", _options.Timeout, cancellationToken);
        if (!sent.Succeeded)
        {
            LogCallFailed(_logger, operation, 0);
            return sent.Failure!;
        }

        using (var response = sent.Value!)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    if (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) is { } parsed) return parsed;
                }
                catch (System.Text.Json.JsonException)
                {
                }
                return ProviderFailure.Retry("safety_check_malformed", "Azure AI Content Safety's answer could not be read.");
            }
            LogCallFailed(_logger, operation, status);
            var retryAfter = RetryAfter.Parse(null, response.Headers.RetryAfter?.ToString(), _time.GetUtcNow());
            return status switch
            {
                429 => ProviderFailure.Retry("safety_check_throttled", "Azure AI Content Safety is rate limiting requests (429).", retryAfter),
                // Right after a deployment the app identity's role can take minutes to apply: worth waiting for.
                401 or 403 => ProviderFailure.Retry("safety_check_unauthorized", $"Azure AI Content Safety refused our credentials ({status})."),
                408 or >= 500 => ProviderFailure.Retry("safety_check_unavailable", $"Azure AI Content Safety answered {status}.", retryAfter),
                _ => ProviderFailure.Permanent("safety_check_rejected", $"Azure AI Content Safety rejected the request ({status})."),
            };
        }
    }

    private static AttemptVerdict Judge(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or IOException } => new AttemptVerdict(true, null, "network error"),
        { Exception: null, Result: { } response } when (int)response.StatusCode is 408 or 429 or >= 500 =>
            new AttemptVerdict(true, response.Headers.RetryAfter?.Delta, $"status {(int)response.StatusCode}"),
        _ => AttemptVerdict.Final,
    };

    private sealed record AnalyzeTextRequest(string Text, IReadOnlyList<string> Categories, string OutputType);

    private sealed record AnalyzeTextResponse([property: JsonRequired] IReadOnlyList<CategoryAnalysis> CategoriesAnalysis);

    private sealed record CategoryAnalysis(string Category, int? Severity);

    private sealed record ShieldPromptRequest(string UserPrompt, IReadOnlyList<string> Documents);

    private sealed record ShieldPromptResponse(IReadOnlyList<DocumentAnalysis>? DocumentsAnalysis);

    private sealed record DocumentAnalysis(bool AttackDetected);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Warning, Message = "Azure AI Content Safety {Operation} failed with status {Status}")]
    private static partial void LogCallFailed(ILogger logger, string operation, int status);
}
