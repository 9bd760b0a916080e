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
    private readonly ResiliencePipeline<StreamedCompletion> _streamingPipeline;

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
        _streamingPipeline = _connection.CreatePipeline<StreamedCompletion>(ProviderName);
    }

    public string Name => ProviderName;

    public async Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var completion = await _connection.CallAsync(_pipeline,
            async (client, token) => (await client.GetChatClient(_options.Deployment!).CompleteChatAsync(StoryPrompt.Build(brief), Request(), token)).Value,
            cancellationToken);
        if (!completion.Succeeded) return completion.Failure!;
        var answer = completion.Value!;
        return Interpret(new StreamedCompletion(
            answer.Content.Count > 0 ? string.Concat(answer.Content.Select(p => p.Text)) : null, answer.FinishReason, answer.Refusal, answer.Usage));
    }

    /// <summary>
    /// Streams the completion and reports the title and each paragraph as soon as the JSON holds it whole. A retried
    /// attempt (its stream broke) reports only passages beyond those already reported; the final answer decides.
    /// </summary>
    public async Task<ProviderResult<WrittenStory>> WriteAsync(StoryBrief brief, IProgress<WrittenPassage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(passages);
        var reported = (Title: false, Paragraphs: 0);
        var completion = await _connection.CallAsync(_streamingPipeline, async (client, token) =>
        {
            var reader = new StreamingStoryReader();
            ChatFinishReason? finish = null;
            string? refusal = null;
            ChatTokenUsage? usage = null;
            await foreach (var update in client.GetChatClient(_options.Deployment!).CompleteChatStreamingAsync(StoryPrompt.Build(brief), Request(), token))
            {
                finish = update.FinishReason ?? finish;
                usage = update.Usage ?? usage;
                if (!string.IsNullOrEmpty(update.RefusalUpdate)) refusal += update.RefusalUpdate;
                foreach (var part in update.ContentUpdate)
                foreach (var passage in reader.Append(part.Text ?? ""))
                {
                    if (passage.Paragraph is { } index ? index < reported.Paragraphs : reported.Title) continue;
                    passages.Report(passage);
                    if (passage.Paragraph is null) reported.Title = true; else reported.Paragraphs++;
                }
            }
            return new StreamedCompletion(reader.Text, finish, refusal, usage);
        }, cancellationToken);
        if (!completion.Succeeded) return completion.Failure!;
        return Interpret(completion.Value!);
    }

    private ChatCompletionOptions Request() => new()
    {
        ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
        MaxOutputTokenCount = _options.MaxOutputTokens,
    };

    private ProviderResult<WrittenStory> Interpret(StreamedCompletion completion)
    {
        RecordUsage(completion.Usage);
        if (completion.FinishReason == ChatFinishReason.ContentFilter || !string.IsNullOrEmpty(completion.Refusal))
        {
            LogContentFiltered(_logger);
            return ProviderFailure.Permanent("content_policy", "The story request was declined by the content safety filters.");
        }
        if (!StoryOutputParser.TryParse(completion.Text, out var story, out var reason))
        {
            LogMalformed(_logger, completion.FinishReason?.ToString() ?? "none", reason);
            return ProviderFailure.Retry("writer_malformed_output", $"The model's answer was not a usable story ({reason}).");
        }
        return new WrittenStory(story.Title, story.Paragraphs, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
    }

    private void RecordUsage(ChatTokenUsage? usage)
    {
        if (usage is null) return;
        _tokens.Add(usage.InputTokenCount, new KeyValuePair<string, object?>("kind", "prompt"));
        _tokens.Add(usage.OutputTokenCount, new KeyValuePair<string, object?>("kind", "completion"));
    }

    /// <summary>The model's whole answer, streamed or not.</summary>
    private sealed record StreamedCompletion(string? Text, ChatFinishReason? FinishReason, string? Refusal, ChatTokenUsage? Usage);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Azure OpenAI content filter declined a story request")]
    private static partial void LogContentFiltered(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Azure OpenAI answer was not a usable story (finish reason {FinishReason}): {Reason}")]
    private static partial void LogMalformed(ILogger logger, string finishReason, string reason);
}
