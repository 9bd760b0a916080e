using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics.Metrics;
using Azure.Core;
using Bedtime.Platform;
using Bedtime.Platform.Resilience;
using Bedtime.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bedtime.Stories.Writing.AzureOpenAI;

/// <summary>
/// Writes stories with an Azure OpenAI deployment through the OpenAI SDK's <see cref="ChatClient"/> on the resource's
/// <c>/openai/v1/</c> endpoint. Entra ID by default; an API key from the vault when <see cref="OpenAIOptions.ApiKeySecretName"/> is set.
/// Retries, timeouts and the circuit breaker are ours (<see cref="ProviderResilience"/>); the SDK's own retries are off.
/// </summary>
public sealed partial class AzureOpenAIStoryWriter : IStoryWriter
{
    public const string ProviderName = "azure-openai";

    private readonly OpenAIOptions _options;
    private readonly ISecretVault _vault;
    private readonly TokenCredential _credential;
    private readonly ILogger<AzureOpenAIStoryWriter> _logger;
    private readonly PipelineTransport? _transport;
    private readonly Counter<long> _tokens;
    private readonly ResiliencePipeline<ChatCompletion> _pipeline;
    private readonly SemaphoreSlim _clientGate = new(1, 1);
    private ChatClient? _client;

    public AzureOpenAIStoryWriter(
        IOptions<OpenAIOptions> options, ISecretVault vault, TokenCredential credential, IMeterFactory meters,
        TimeProvider time, ILogger<AzureOpenAIStoryWriter> logger)
        : this(options, vault, credential, meters, time, logger, transport: null)
    {
    }

    /// <summary>For tests: a transport that trusts the stub's certificate. Production uses the SDK's default transport.</summary>
    internal AzureOpenAIStoryWriter(
        IOptions<OpenAIOptions> options, ISecretVault vault, TokenCredential credential, IMeterFactory meters,
        TimeProvider time, ILogger<AzureOpenAIStoryWriter> logger, PipelineTransport? transport)
    {
        _options = options.Value;
        _vault = vault;
        _credential = credential;
        _logger = logger;
        _transport = transport;
        _tokens = meters.Create(TelemetryNames.Meter).CreateCounter<long>(TelemetryNames.StoryTokens, "{token}", "Language model tokens used to write stories");
        _pipeline = ProviderResilience.Create<ChatCompletion>(
            new ProviderResilienceSettings
            {
                Provider = ProviderName,
                AttemptTimeout = _options.Timeout,
                MaxRetries = _options.MaxRetries,
                RetryBaseDelay = _options.RetryBaseDelay,
                MaxRetryDelay = _options.MaxRetryDelay,
            },
            outcome => OpenAIFailures.Judge(outcome.Exception, time.GetUtcNow()),
            time, logger);
    }

    public string Name => ProviderName;

    public async Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        if (!_options.IsConfigured)
            return ProviderFailure.Permanent("writer_not_configured", "Azure OpenAI is not configured (OpenAI:Endpoint).");
        var client = await GetClientAsync(cancellationToken);
        if (client is null)
            return ProviderFailure.Permanent("writer_not_configured", "The Azure OpenAI API key is missing from the secret vault.");

        var messages = StoryPrompt.Build(brief);
        var request = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };

        ChatCompletion completion;
        try
        {
            completion = await _pipeline.ExecuteAsync(
                async token => (await client.CompleteChatAsync(messages, request, token)).Value, cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            return ProviderFailure.Retry("writer_circuit_open", "Azure OpenAI is failing; calls are paused for a while.");
        }
        catch (TimeoutRejectedException)
        {
            return ProviderFailure.Retry("writer_timeout", $"Azure OpenAI did not answer within {_options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderFailure.Retry("writer_timeout", "The request to Azure OpenAI timed out.");
        }
        catch (ClientResultException ex)
        {
            if (ex.Status is 401 or 403) ForgetClient();
            var failure = OpenAIFailures.ToFailure(ex);
            LogCallFailed(_logger, ex.Status, failure.Code);
            return failure;
        }

        RecordUsage(completion.Usage);
        return Interpret(completion);
    }

    private ProviderResult<WrittenStory> Interpret(ChatCompletion completion)
    {
        if (completion.FinishReason == ChatFinishReason.ContentFilter || !string.IsNullOrEmpty(completion.Refusal))
        {
            LogContentFiltered(_logger);
            return ProviderFailure.Permanent("content_policy", "The story request was declined by the content safety filters.");
        }
        var text = completion.Content.Count > 0 ? string.Concat(completion.Content.Select(p => p.Text)) : null;
        if (!StoryOutputParser.TryParse(text, out var story, out var reason))
        {
            LogMalformed(_logger, completion.FinishReason.ToString(), reason);
            return ProviderFailure.Retry("writer_malformed_output", $"The model's answer was not a usable story ({reason}).");
        }
        var usage = completion.Usage;
        return new WrittenStory(story.Title, story.Paragraphs, usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);
    }

    private void RecordUsage(ChatTokenUsage? usage)
    {
        if (usage is null) return;
        _tokens.Add(usage.InputTokenCount, new KeyValuePair<string, object?>("kind", "prompt"));
        _tokens.Add(usage.OutputTokenCount, new KeyValuePair<string, object?>("kind", "completion"));
    }

    /// <summary>One client per process; rebuilt after a 401/403 so a rotated API key is picked up.</summary>
    private async Task<ChatClient?> GetClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } existing) return existing;
        await _clientGate.WaitAsync(cancellationToken);
        try
        {
            if (_client is not null) return _client;
            var clientOptions = new OpenAIClientOptions
            {
                Endpoint = _options.V1Endpoint(),
                RetryPolicy = new ClientRetryPolicy(0),
                // Our per-attempt timeout fires first; this only backs it up.
                NetworkTimeout = _options.Timeout + TimeSpan.FromSeconds(5),
                UserAgentApplicationId = "bedtime",
            };
            if (_transport is not null) clientOptions.Transport = _transport;

            if (!string.IsNullOrEmpty(_options.ApiKeySecretName))
            {
                var key = await _vault.GetCurrentAsync(_options.ApiKeySecretName, cancellationToken);
                if (key is null || string.IsNullOrEmpty(key.Value)) return null;
                _client = new ChatClient(_options.Deployment, new ApiKeyCredential(key.Value), clientOptions);
            }
            else
            {
#pragma warning disable OPENAI001 // BearerTokenPolicy with the ChatClient is marked experimental in OpenAI 2.x.
                _client = new ChatClient(_options.Deployment, new BearerTokenPolicy(_credential, _options.TokenScope), clientOptions);
#pragma warning restore OPENAI001
            }
            return _client;
        }
        finally
        {
            _clientGate.Release();
        }
    }

    private void ForgetClient() => Volatile.Write(ref _client, null);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Azure OpenAI call failed with status {Status}: {Code}")]
    private static partial void LogCallFailed(ILogger logger, int status, string code);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Azure OpenAI content filter declined a story request")]
    private static partial void LogContentFiltered(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Azure OpenAI answer was not a usable story (finish reason {FinishReason}): {Reason}")]
    private static partial void LogMalformed(ILogger logger, string finishReason, string reason);
}
