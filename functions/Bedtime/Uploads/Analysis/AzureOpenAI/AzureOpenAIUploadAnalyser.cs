using System.ClientModel.Primitives;
using Azure.Core;
using Bedtime.Platform;
using Bedtime.Platform.ContentSafety;
using Bedtime.Platform.OpenAI;
using Bedtime.Security.PromptInjection;
using Bedtime.Secrets;
using Bedtime.Uploads.Formats;
using Bedtime.Uploads.Inspection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Audio;
using OpenAI.Chat;
using Polly;

namespace Bedtime.Uploads.Analysis.AzureOpenAI;

/// <summary>
/// Analyses uploads with Azure OpenAI through the shared <see cref="OpenAIConnection"/>: texts are summarised and
/// pictures described by the chat deployment (<see cref="OpenAIOptions.Deployment"/>, a vision-capable model), and
/// recordings transcribed by <see cref="OpenAIOptions.TranscriptionDeployment"/>. What the model cannot take (a picture
/// over 4 MB, a recording over 25 MB, no transcription deployment) gets the offline analyser's reading instead;
/// headers (size, length) always come from the offline readers.
/// </summary>
public sealed partial class AzureOpenAIUploadAnalyser : IUploadAnalyser
{
    public const string ProviderName = "azure-openai";
    public const int MaxImageBytes = 4 * 1024 * 1024;
    public const long MaxAudioBytes = 25L * 1024 * 1024;
    /// <summary>How much of a text the model reads (the offline extract keeps its own, shorter limit).</summary>
    public const int MaxPromptCharacters = 16_000;

    private static readonly HashSet<string> ImageTypes = [MediaTypes.Png, MediaTypes.Jpeg, MediaTypes.Gif, MediaTypes.WebP];
    private static readonly Dictionary<string, string> AudioFileNames = new(StringComparer.Ordinal)
    {
        [MediaTypes.Wav] = "recording.wav",
        [MediaTypes.Mpeg] = "recording.mp3",
        [MediaTypes.Ogg] = "recording.ogg",
    };

    private readonly OpenAIOptions _options;
    private readonly OpenAIConnection _connection;
    private readonly ILogger<AzureOpenAIUploadAnalyser> _logger;
    private readonly ResiliencePipeline<ChatCompletion> _chat;
    private readonly ResiliencePipeline<AudioTranscription> _transcription;
    private readonly IPromptShield _shield;

    public AzureOpenAIUploadAnalyser(
        IOptions<OpenAIOptions> options, ISecretVault vault, TokenCredential credential, IPromptShield shield, TimeProvider time, ILogger<AzureOpenAIUploadAnalyser> logger)
        : this(options, vault, credential, shield, time, logger, transport: null)
    {
    }

    /// <summary>For tests: a transport that trusts the stub's certificate.</summary>
    internal AzureOpenAIUploadAnalyser(
        IOptions<OpenAIOptions> options, ISecretVault vault, TokenCredential credential, IPromptShield shield, TimeProvider time,
        ILogger<AzureOpenAIUploadAnalyser> logger, PipelineTransport? transport)
    {
        _options = options.Value;
        _shield = shield;
        _logger = logger;
        _connection = new OpenAIConnection(_options, vault, credential, "analyser", time, logger, transport);
        // Separate circuits: a failing transcription deployment must not pause summaries, nor the reverse.
        _chat = _connection.CreatePipeline<ChatCompletion>(ProviderName + "-chat");
        _transcription = _connection.CreatePipeline<AudioTranscription>(ProviderName + "-transcription");
    }

    public string Name => ProviderName;

    public async Task<ProviderResult<UploadAnalysis>> AnalyseAsync(
        UploadKind kind, string contentType, MediaMeasurements? measured, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return kind switch
        {
            UploadKind.Text => await AnalyseTextAsync(content, cancellationToken),
            UploadKind.Image => await AnalyseImageAsync(OfflineUploadAnalyser.DescribeImage(contentType, measured), contentType, content, cancellationToken),
            UploadKind.Audio => await AnalyseAudioAsync(OfflineUploadAnalyser.DescribeRecording(measured), contentType, content, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown upload kind."),
        };
    }

    private async Task<ProviderResult<UploadAnalysis>> AnalyseTextAsync(Stream content, CancellationToken cancellationToken)
    {
        var text = TextNormaliser.Normalise(await OfflineUploadAnalyser.ReadTextAsync(content, cancellationToken));
        // The model reads the text as delimited data, and only what is left once instructions to a model are taken out.
        var offline = OfflineUploadAnalyser.DescribeText(text, out var material);
        if (material.Length == 0) return offline;
        var attacks = await _shield.FindAttacksAsync([WordBoundary.Cut(material, ContentSafetyOptions.MaxTextCharacters)], cancellationToken);
        if (!attacks.Succeeded) return attacks.Failure!;
        if (attacks.Value![0])
        {
            LogAttackFound(_logger);
            return ProviderFailure.Permanent(OpenAIFailures.ContentPolicy, "The text hides instructions to an AI model, so it cannot be used for stories.");
        }
        var summary = await SummariseAsync(AnalysisPrompt.ForText(WordBoundary.Cut(material, MaxPromptCharacters)), cancellationToken);
        return summary.Succeeded ? offline with { Summary = summary.Value } : summary.Failure!;
    }

    private async Task<ProviderResult<UploadAnalysis>> AnalyseImageAsync(
        UploadAnalysis offline, string contentType, Stream content, CancellationToken cancellationToken)
    {
        if (!ImageTypes.Contains(contentType)) return offline;
        // One read of at most 4 MB + 1 byte tells whether the model may see the picture.
        using var buffered = new MemoryStream();
        await CopyAtMostAsync(content, buffered, MaxImageBytes + 1L, cancellationToken);
        if (buffered.Length > MaxImageBytes) return offline;

        var image = new BinaryData(buffered.GetBuffer().AsMemory(0, (int)buffered.Length));
        var summary = await SummariseAsync(AnalysisPrompt.ForImage(image, contentType), cancellationToken);
        return summary.Succeeded ? offline with { Summary = summary.Value } : summary.Failure!;
    }

    private async Task<ProviderResult<UploadAnalysis>> AnalyseAudioAsync(
        UploadAnalysis offline, string contentType, Stream content, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.TranscriptionDeployment) || !AudioFileNames.TryGetValue(contentType, out var fileName))
            return offline;

        // Each transcription attempt sends the recording again: a private temporary file, not memory.
        using var folder = PrivateTempFolder.Create("bedtime-audio-");
        var path = folder.PathOf(fileName);
        long length;
        await using (var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(copy, cancellationToken);
            length = copy.Length;
        }
        if (length > MaxAudioBytes) return offline;

        var options = new AudioTranscriptionOptions();
        var transcription = await _connection.CallAsync(_transcription, async (client, token) =>
        {
            // The SDK disposes the stream it sends: each attempt gets its own.
            var recording = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            await using (recording)
                return (await client.GetAudioClient(_options.TranscriptionDeployment).TranscribeAudioAsync(recording, fileName, options, token)).Value;
        }, cancellationToken);
        if (!transcription.Succeeded) return transcription.Failure!;

        var transcript = TextNormaliser.Normalise(transcription.Value!.Text ?? "");
        if (transcript.Length == 0) return offline;
        var summary = ExtractiveSummariser.Summarise(InstructionStripper.Strip(transcript).Text, OfflineUploadAnalyser.MaxSummaryCharacters);
        return offline with
        {
            ExtractedText = WordBoundary.Cut(transcript, OfflineUploadAnalyser.MaxExtractedCharacters),
            Summary = summary.Length > 0 ? summary : offline.Summary,
        };
    }

    private async Task<ProviderResult<string>> SummariseAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var request = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };
        var completion = await _connection.CallAsync(_chat,
            async (client, token) => (await client.GetChatClient(_options.Deployment!).CompleteChatAsync(messages, request, token)).Value,
            cancellationToken);
        if (!completion.Succeeded) return completion.Failure!;

        var answer = completion.Value!;
        if (answer.FinishReason == ChatFinishReason.ContentFilter || !string.IsNullOrEmpty(answer.Refusal))
        {
            LogContentFiltered(_logger);
            return ProviderFailure.Permanent(OpenAIFailures.ContentPolicy, "The upload was declined by the content safety filters.");
        }
        var text = answer.Content.Count > 0 ? string.Concat(answer.Content.Select(p => p.Text)) : null;
        if (!SummaryOutputParser.TryParse(text, out var summary, out var reason))
        {
            LogMalformed(_logger, answer.FinishReason.ToString(), reason);
            return ProviderFailure.Retry("analyser_malformed_output", $"The model's answer was not a usable summary ({reason}).");
        }
        return summary;
    }

    private static async Task CopyAtMostAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while (copied < limit && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - copied)), cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            copied += read;
        }
    }

    [LoggerMessage(EventId = 5130, Level = LogLevel.Warning, Message = "Azure OpenAI content filter declined an upload")]
    private static partial void LogContentFiltered(ILogger logger);

    [LoggerMessage(EventId = 5131, Level = LogLevel.Warning, Message = "Azure OpenAI answer was not a usable upload summary (finish reason {FinishReason}): {Reason}")]
    private static partial void LogMalformed(ILogger logger, string finishReason, string reason);

    [LoggerMessage(EventId = 5132, Level = LogLevel.Warning, Message = "Prompt Shields found an attack hidden in an uploaded text; it was not summarised")]
    private static partial void LogAttackFound(ILogger logger);
}
