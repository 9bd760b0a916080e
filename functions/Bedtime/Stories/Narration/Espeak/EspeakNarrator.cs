using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using Bedtime.Platform;
using Bedtime.Stories.Narration.Voices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories.Narration.Espeak;

/// <summary>
/// The embedded narrator: <c>espeak-ng</c> reads the story from stdin into a WAV file, then <c>lame</c> (when
/// installed) encodes it to MP3. No shell, no story text in arguments. No engine → <see cref="INarrator.Unavailable"/>.
/// </summary>
public sealed partial class EspeakNarrator(IOptions<NarratorOptions> options, TimeProvider time, ILogger<EspeakNarrator> logger) : INarrator
{
    public const string ProviderName = "espeak";
    private const string WavFile = "story.wav", Mp3File = "story.mp3";

    public string Name => ProviderName;

    public async Task<ProviderResult<NarratedAudio>> NarrateAsync(NarrationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var text = string.Join("\n\n", NarrationText.Parts(input));
        if (text.Length == 0) return ProviderFailure.Permanent("narration_empty", "There is no text to narrate.");
        var voice = ChooseVoice(input, settings.Voice);

        var folder = PrivateTempFolder.Create("bedtime-narration-");
        string wav = folder.PathOf(WavFile), mp3 = folder.PathOf(Mp3File);
        var handedOver = false;
        try
        {
            ProcessOutcome speech;
            try
            {
                speech = await ProcessRunner.RunAsync(
                    settings.EspeakPath,
                    Arguments(input.Voice, voice, settings.Speed, wav),
                    text, settings.Timeout, time, cancellationToken);
            }
            catch (Win32Exception)
            {
                LogEngineMissing(logger, settings.EspeakPath);
                return ProviderFailure.Permanent(INarrator.Unavailable, "No speech engine is installed (espeak-ng).");
            }
            if (speech.TimedOut) return ProviderFailure.Retry("narration_timeout", $"espeak-ng did not finish within {settings.Timeout.TotalSeconds:0.#} s.");
            if (speech.ExitCode != 0) return ProviderFailure.Retry("narration_failed", $"espeak-ng failed (exit code {speech.ExitCode}): {speech.FirstErrorLine}");
            if (!File.Exists(wav) || !WavHeader.TryReadDuration(wav, out var seconds) || seconds <= 0)
                return ProviderFailure.Retry("narration_failed", "espeak-ng produced no readable audio.");

            var (encoding, failure) = await EncodeMp3Async(settings, wav, mp3, cancellationToken);
            if (encoding == Encoding.Mp3)
            {
                TryDelete(wav);
                LogNarrated(logger, voice, seconds, "audio/mpeg");
                handedOver = true;
                return new NarratedAudio(folder, Mp3File, "audio/mpeg", seconds);
            }
            if (failure is not null) return failure;
            LogNarrated(logger, voice, seconds, "audio/wav");
            handedOver = true;
            return new NarratedAudio(folder, WavFile, "audio/wav", seconds);
        }
        finally
        {
            if (!handedOver) folder.Dispose();
        }
    }

    private enum Encoding { Mp3, KeepWav, Failed }

    /// <summary>MP3 when lame worked; the WAV when lame is missing or fails; a failure only when it timed out.</summary>
    private async Task<(Encoding, ProviderFailure?)> EncodeMp3Async(NarratorOptions settings, string wav, string mp3, CancellationToken cancellationToken)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(settings.LamePath, ["--quiet", "-V", "6", wav, mp3], null, settings.Timeout, time, cancellationToken);
        }
        catch (Win32Exception)
        {
            LogEncoderMissing(logger, settings.LamePath);
            return (Encoding.KeepWav, null);
        }
        if (outcome.TimedOut)
            return (Encoding.Failed, ProviderFailure.Retry("narration_timeout", $"lame did not finish within {settings.Timeout.TotalSeconds:0.#} s."));
        if (outcome.ExitCode != 0 || !File.Exists(mp3) || new FileInfo(mp3).Length == 0)
        {
            LogEncoderFailed(logger, outcome.ExitCode, outcome.FirstErrorLine);
            return (Encoding.KeepWav, null);
        }
        return (Encoding.Mp3, null);
    }

    /// <summary>Text on stdin, never as an argument; a preset's rate and pitch relative to the configured speed.</summary>
    internal static string[] Arguments(VoicePreset? preset, string voice, int speed, string wav)
    {
        string[] spoken = ["--stdin", "-b", "1", "-v", voice, "-s", (preset?.EspeakSpeed(speed) ?? speed).ToString(CultureInfo.InvariantCulture)];
        return preset is null ? [.. spoken, "-w", wav] : [.. spoken, "-p", preset.EspeakPitch.ToString(CultureInfo.InvariantCulture), "-w", wav];
    }

    /// <summary>The chosen preset's espeak-ng voice, else the story language's, else the configured one.</summary>
    internal static string ChooseVoice(NarrationInput input, string configured)
    {
        if (input.Voice is { } preset && VoiceName().IsMatch(preset.EspeakVoice)) return preset.EspeakVoice;
        var language = input.Language?.Trim().ToLowerInvariant();
        if (language is not null && VoiceName().IsMatch(language) && Primary(language) != Primary(configured)) return language;
        return VoiceName().IsMatch(configured) ? configured : "en-us";

        static string Primary(string voice) => voice.Split('-', '+')[0];
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex(NarratorOptions.EspeakVoicePattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex VoiceName();

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Speech engine {Program} is not installed; narration is unavailable")]
    private static partial void LogEngineMissing(ILogger logger, string program);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "MP3 encoder {Program} is not installed; keeping WAV")]
    private static partial void LogEncoderMissing(ILogger logger, string program);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "MP3 encoding failed (exit code {ExitCode}: {Error}); keeping WAV")]
    private static partial void LogEncoderFailed(ILogger logger, int exitCode, string error);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Narrated with espeak-ng voice {Voice}: {Seconds} s of {ContentType}")]
    private static partial void LogNarrated(ILogger logger, string voice, double seconds, string contentType);
}
