using System.Buffers.Binary;
using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using Bedtime.Platform;
using Bedtime.Stories.Narration.Voices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories.Narration.Espeak;

/// <summary>
/// The embedded narrator: <c>espeak-ng</c> reads each sentence from stdin into a WAV file (so each sentence's timing
/// is measured, not estimated), the sentences are joined into one WAV, then <c>lame</c> (when installed) encodes it to
/// constant-bitrate MP3 frames without a tag, so segments join by concatenation. No shell, no story text in arguments.
/// No engine → <see cref="INarrator.Unavailable"/>.
/// </summary>
public sealed partial class EspeakNarrator(IOptions<NarratorOptions> options, TimeProvider time, ILogger<EspeakNarrator> logger) : INarrator
{
    public const string ProviderName = "espeak";
    private const string WavFileName = "segment.wav", Mp3FileName = "segment.mp3";

    /// <summary>
    /// Samples of silence in front of the first sound after encoding and decoding: lame's encoder delay (576) plus
    /// the MP3 decoder's (529), as documented by LAME. Sentence timings move by it so they match what is heard.
    /// </summary>
    internal const int Mp3DelaySamples = 576 + 529;

    public string Name => ProviderName;

    public async Task<ProviderResult<NarratedAudio>> NarrateAsync(NarrationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var sentences = input.Sentences.Select(NarrationText.Clean).Where(s => s.Length > 0).ToArray();
        if (sentences.Length != input.Sentences.Count || sentences.Length == 0)
            return ProviderFailure.Permanent("narration_empty", "There is no text to narrate.");
        var voice = ChooseVoice(input, settings.Voice);

        var folder = PrivateTempFolder.Create("bedtime-narration-");
        var handedOver = false;
        try
        {
            var (layout, timings, failure) = await SpeakAsync(folder, sentences, input.Voice, voice, settings, cancellationToken);
            if (failure is not null) return failure;

            string wav = folder.PathOf(WavFileName), mp3 = folder.PathOf(Mp3FileName);
            var (encoding, encodeFailure) = await EncodeMp3Async(settings, wav, mp3, cancellationToken);
            if (encodeFailure is not null) return encodeFailure;
            if (encoding == Encoding.Mp3)
            {
                if (Mp3Frames.Duration(mp3) is not { } mp3Seconds) return ProviderFailure.Retry("narration_failed", "lame produced no readable MP3 frames.");
                TryDelete(wav);
                var delay = (double)Mp3DelaySamples / BinaryPrimitives.ReadInt32LittleEndian(layout!.Format.AsSpan(4, 4));
                LogNarrated(logger, voice, mp3Seconds, "audio/mpeg");
                handedOver = true;
                return new NarratedAudio(folder, Mp3FileName, "audio/mpeg", mp3Seconds,
                    [.. timings.Select(t => new SentenceTiming(Math.Min(t.StartSeconds + delay, mp3Seconds), Math.Min(t.EndSeconds + delay, mp3Seconds)))]);
            }
            LogNarrated(logger, voice, layout!.Seconds, "audio/wav");
            handedOver = true;
            return new NarratedAudio(folder, WavFileName, "audio/wav", layout.Seconds, timings);
        }
        finally
        {
            if (!handedOver) folder.Dispose();
        }
    }

    /// <summary>Each sentence through espeak-ng, then all of them as one WAV, with where each one starts and ends.</summary>
    private async Task<(WavLayout?, IReadOnlyList<SentenceTiming>, ProviderFailure?)> SpeakAsync(
        PrivateTempFolder folder, string[] sentences, VoicePreset? preset, string voice, NarratorOptions settings, CancellationToken cancellationToken)
    {
        // A few sentences at once (one espeak-ng process each); the first failure, in sentence order, is the answer.
        using var gate = new SemaphoreSlim(settings.MaxConcurrentSentences);
        var spoken = await Task.WhenAll(sentences.Select(async (sentence, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await SpeakOneAsync(folder.PathOf($"sentence-{i}.wav"), sentence, preset, voice, settings, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        if (spoken.FirstOrDefault(s => s.Failure is not null).Failure is { } failed) return (null, [], failed);
        var parts = spoken.Select(s => (s.Path, Layout: s.Layout!)).ToList();
        if (parts.Any(p => !p.Layout.Format.AsSpan().SequenceEqual(parts[0].Layout.Format)))
            return (null, [], ProviderFailure.Retry("narration_failed", "espeak-ng produced sentences in different audio formats."));

        var timings = new List<SentenceTiming>(parts.Count);
        var total = parts.Sum(p => p.Layout.DataBytes);
        var byteRate = (double)parts[0].Layout.ByteRate;
        await using (var joined = new FileStream(folder.PathOf(WavFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            WavFile.WriteHeader(joined, parts[0].Layout.Format, total);
            long written = 0;
            foreach (var (path, layout) in parts)
            {
                await using (var part = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
                {
                    part.Position = layout.DataOffset;
                    await CopyAsync(part, joined, layout.DataBytes, cancellationToken);
                }
                timings.Add(new SentenceTiming(written / byteRate, (written + layout.DataBytes) / byteRate));
                written += layout.DataBytes;
                TryDelete(path);
            }
        }
        return (parts[0].Layout with { DataOffset = WavFile.HeaderLength, DataBytes = total }, timings, null);
    }

    private async Task<(string Path, WavLayout? Layout, ProviderFailure? Failure)> SpeakOneAsync(
        string path, string sentence, VoicePreset? preset, string voice, NarratorOptions settings, CancellationToken cancellationToken)
    {
        ProcessOutcome speech;
        try
        {
            speech = await ProcessRunner.RunAsync(settings.EspeakPath, Arguments(preset, voice, settings.Speed, path), sentence, Unbounded, time, cancellationToken);
        }
        catch (Win32Exception)
        {
            LogEngineMissing(logger, settings.EspeakPath);
            return (path, null, ProviderFailure.Permanent(INarrator.Unavailable, "No speech engine is installed (espeak-ng)."));
        }
        if (speech.ExitCode != 0) return (path, null, ProviderFailure.Retry("narration_failed", $"espeak-ng failed (exit code {speech.ExitCode}): {speech.FirstErrorLine}"));
        return File.Exists(path) && WavFile.TryReadLayout(path, out var layout) && layout.DataBytes > 0
            ? (path, layout, null)
            : (path, null, ProviderFailure.Retry("narration_failed", "espeak-ng produced no readable audio."));
    }

    private static async Task CopyAsync(Stream from, Stream to, long bytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (bytes > 0)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, bytes)), cancellationToken);
            if (read == 0) throw new EndOfStreamException("A sentence's audio ended early.");
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            bytes -= read;
        }
    }

    /// <summary>
    /// The engines get no time limit of their own: the story's narration step (<c>Stories:NarrationTimeout</c>) cancels the
    /// whole segment, and a cancelled run kills each engine with its children.
    /// </summary>
    private static readonly TimeSpan Unbounded = Timeout.InfiniteTimeSpan;

    private enum Encoding { Mp3, KeepWav, Failed }

    /// <summary>
    /// Constant-bitrate MP3 frames without the Xing/LAME tag frame (<c>-t</c>), so segments concatenate into one playable
    /// file whose length players compute from its size. MP3 when lame worked; the WAV when lame is missing; a transient
    /// failure when it fails or times out (keeping a WAV then could leave one story with segments that do not join).
    /// </summary>
    private async Task<(Encoding, ProviderFailure?)> EncodeMp3Async(NarratorOptions settings, string wav, string mp3, CancellationToken cancellationToken)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(settings.LamePath, ["--quiet", "-t", "-b", "48", wav, mp3], null, Unbounded, time, cancellationToken);
        }
        catch (Win32Exception)
        {
            LogEncoderMissing(logger, settings.LamePath);
            return (Encoding.KeepWav, null);
        }
        if (outcome.ExitCode != 0 || !File.Exists(mp3) || new FileInfo(mp3).Length == 0)
        {
            LogEncoderFailed(logger, outcome.ExitCode, outcome.FirstErrorLine);
            return (Encoding.Failed, ProviderFailure.Retry("narration_failed", $"lame failed (exit code {outcome.ExitCode})."));
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

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "MP3 encoding failed (exit code {ExitCode}: {Error})")]
    private static partial void LogEncoderFailed(ILogger logger, int exitCode, string error);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Narrated with espeak-ng voice {Voice}: {Seconds} s of {ContentType}")]
    private static partial void LogNarrated(ILogger logger, string voice, double seconds, string contentType);
}
