using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Core;
using Bedtime.Platform.Resilience;
using Bedtime.Secrets;
using Microsoft.Extensions.Logging;
using OpenAI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bedtime.Platform.OpenAI;

/// <summary>
/// The one way every feature reaches the Azure OpenAI resource: the SDK's <see cref="OpenAIClient"/> on the
/// <c>/openai/v1/</c> endpoint with Entra ID (bearer token policy), or the API key held in the vault when
/// <see cref="OpenAIOptions.ApiKeySecretName"/> is set. The SDK's own retries are off: calls run through a
/// <see cref="ProviderResilience"/> pipeline, and their exceptions become <see cref="ProviderFailure"/> values.
/// One client per connection, rebuilt after a 401/403 so a rotated API key is picked up.
/// </summary>
public sealed partial class OpenAIConnection
{
    private readonly OpenAIOptions _options;
    private readonly ISecretVault _vault;
    private readonly TokenCredential _credential;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PipelineTransport? _transport;
    private readonly SemaphoreSlim _clientGate = new(1, 1);
    private OpenAIClient? _client;

    /// <param name="codePrefix">Prefix of this caller's failure codes ("writer" → writer_timeout, writer_throttled…).</param>
    /// <param name="transport">For tests: a transport that trusts the stub's certificate. Null = the SDK's default.</param>
    public OpenAIConnection(
        OpenAIOptions options, ISecretVault vault, TokenCredential credential, string codePrefix, TimeProvider time, ILogger logger,
        PipelineTransport? transport = null)
    {
        _options = options;
        _vault = vault;
        _credential = credential;
        _prefix = codePrefix;
        _time = time;
        _logger = logger;
        _transport = transport;
    }

    public OpenAIOptions Options => _options;

    /// <summary>A pipeline for one kind of call (its own circuit), with the retry policy from the options.</summary>
    public ResiliencePipeline<T> CreatePipeline<T>(string provider) => ProviderResilience.Create<T>(
        _options.Resilience(provider), outcome => OpenAIFailures.Judge(outcome.Exception, _time.GetUtcNow()), _time, _logger);

    /// <summary>Runs one call through <paramref name="pipeline"/>; expected failures come back as values.</summary>
    public async Task<ProviderResult<T>> CallAsync<T>(
        ResiliencePipeline<T> pipeline, Func<OpenAIClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured)
            return ProviderFailure.Permanent($"{_prefix}_not_configured", "Azure OpenAI is not configured (OpenAI:Endpoint).");
        var client = await GetClientAsync(cancellationToken);
        if (client is null)
            return ProviderFailure.Permanent($"{_prefix}_not_configured", "The Azure OpenAI API key is missing from the secret vault.");

        try
        {
            return await pipeline.ExecuteAsync(async token => await call(client, token), cancellationToken);
        }
        catch (BrokenCircuitException open)
        {
            return ProviderFailure.Retry($"{_prefix}_circuit_open", "Azure OpenAI is failing; calls are paused for a while.", open.RetryAfter);
        }
        catch (TimeoutRejectedException)
        {
            return ProviderFailure.Retry($"{_prefix}_timeout", $"Azure OpenAI did not answer within {_options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderFailure.Retry($"{_prefix}_timeout", "The request to Azure OpenAI timed out.");
        }
        catch (ClientResultException ex)
        {
            if (ex.Status is 401 or 403) Volatile.Write(ref _client, null);
            var failure = OpenAIFailures.ToFailure(ex, _prefix, _time.GetUtcNow());
            LogCallFailed(_logger, ex.Status, failure.Code);
            return failure;
        }
    }

    private async Task<OpenAIClient?> GetClientAsync(CancellationToken cancellationToken)
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
                _client = new OpenAIClient(new ApiKeyCredential(key.Value), clientOptions);
            }
            else
            {
#pragma warning disable OPENAI001 // BearerTokenPolicy is marked experimental in OpenAI 2.x.
                _client = new OpenAIClient(new BearerTokenPolicy(_credential, _options.TokenScope), clientOptions);
#pragma warning restore OPENAI001
            }
            return _client;
        }
        finally
        {
            _clientGate.Release();
        }
    }

    [LoggerMessage(EventId = 3040, Level = LogLevel.Warning, Message = "Azure OpenAI call failed with status {Status}: {Code}")]
    private static partial void LogCallFailed(ILogger logger, int status, string code);
}
