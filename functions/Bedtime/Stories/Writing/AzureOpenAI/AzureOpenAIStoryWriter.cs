using System.ClientModel.Primitives;
using System.Diagnostics.Metrics;
using Azure.Core;
using Bedtime.Platform;
using Bedtime.Platform.OpenAI;
using Bedtime.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using Polly;

namespace Bedtime.Stories.Writing.AzureOpenAI;

/// <summary>
/// Writes stories with an Azure OpenAI deployment through the OpenAI SDK's <see cref="ChatClient"/>, reached through
/// the shared <see cref="OpenAIConnection"/> (endpoint, Entra ID or vault API key, our retries, timeouts and circuit breaker).
/// </summary>
public sealed partial class AzureOpenAIStoryWriter : IStoryWriter
{
    public const string ProviderName = "azure-openai";

    private readonly OpenAIOptions _options;
    private readonly OpenAIConnection _connection;
    private readonly ILogger<AzureOpenAIStoryWriter> _logger;
    private readonly Counter<long> _tokens;
    private readonly ResiliencePipeline<ChatCompletion> _pipeline;

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
        _logger = logger;
        _connection = new OpenAIConnection(_options, vault, credential, "writer", time, logger, transport);
        _tokens = meters.Create(TelemetryNames.Meter).CreateCounter<long>(TelemetryNames.StoryTokens, "{token}", "Language model tokens used to write stories");
        _pipeline = _connection.CreatePipeline<ChatCompletion>(ProviderName);
    }

    public string Name => ProviderName;

    public async Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var messages = StoryPrompt.Build(brief);
        var request = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };

        var completion = await _connection.CallAsync(_pipeline,
            async (client, token) => (await client.GetChatClient(_options.Deployment!).CompleteChatAsync(messages, request, token)).Value,
            cancellationToken);
        if (!completion.Succeeded) return completion.Failure!;
        RecordUsage(completion.Value!.Usage);
        return Interpret(completion.Value);
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

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Azure OpenAI content filter declined a story request")]
    private static partial void LogContentFiltered(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Azure OpenAI answer was not a usable story (finish reason {FinishReason}): {Reason}")]
    private static partial void LogMalformed(ILogger logger, string finishReason, string reason);
}
