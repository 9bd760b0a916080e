using System.Buffers.Binary;
using System.Diagnostics;
using Bedtime.Platform;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.Voices;
using Bedtime.Stories.Narration.Espeak;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Stories;

/// <summary>Runs the real espeak-ng and lame (apt-get install espeak-ng lame), plus small stand-in scripts for the odd cases.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EspeakNarratorTests : IDisposable
{
    private static readonly string[] Story =
    [
        "The moon rose slowly over the sleepy village, round and silver and kind.",
        "Little Oska the owl blinked twice, fluffed her feathers, and said good night to every star.",
        "Then the whole forest breathed out softly, and everyone drifted into warm, gentle dreams.",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("bedtime-espeak-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Narrates_a_story_to_a_playable_mp3_with_a_sensible_duration()
    {
        var result = await Narrator().NarrateAsync(Input(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var audio = result.Value!;
        Assert.Equal("audio/mpeg", audio.ContentType);
        Assert.InRange(audio.DurationSeconds, 5, 60);
        Assert.True(audio.Bytes > 1000);
        Assert.True(StartsWithMp3Frame(await File.ReadAllBytesAsync(audio.FilePath)), "no MP3 frame sync at the start");
        Assert.Equal(0, await RunAsync("lame", "--quiet", "--decode", audio.FilePath, Path.Combine(_dir, "decoded.wav")));
        Assert.True(WavFile.TryReadLayout(Path.Combine(_dir, "decoded.wav"), out var decoded));
        Assert.InRange(decoded.Seconds, audio.DurationSeconds - 0.5, audio.DurationSeconds + 0.5);
        // One timing per sentence, in order, measured from each sentence's own audio, ending where the audio does.
        Assert.Equal(Story.Length + 1, audio.Sentences.Count);
        Assert.All(audio.Sentences.Zip(audio.Sentences.Skip(1)), pair => Assert.Equal(pair.First.EndSeconds, pair.Second.StartSeconds, precision: 6));
        Assert.All(audio.Sentences, t => Assert.True(t.EndSeconds - t.StartSeconds > 0.3, $"{t}"));
        Assert.InRange(audio.DurationSeconds - audio.Sentences[^1].EndSeconds, 0, 0.05);

        var path = audio.FilePath;
        await audio.DisposeAsync();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task The_audio_lies_alone_in_a_folder_only_this_user_can_enter_which_disposing_removes()
    {
        var result = await Narrator().NarrateAsync(Input(), CancellationToken.None);

        await using var audio = result.Value!;
        var folder = Path.GetDirectoryName(audio.FilePath)!;
        Assert.Equal([audio.FilePath], Directory.GetFiles(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        await audio.DisposeAsync();
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Keeps_the_wav_when_the_mp3_encoder_is_not_installed()
    {
        var result = await Narrator(o => o.LamePath = Path.Combine(_dir, "no-such-lame")).NarrateAsync(Input(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var audio = result.Value!;
        Assert.Equal("audio/wav", audio.ContentType);
        Assert.Equal("RIFF"u8.ToArray(), (await File.ReadAllBytesAsync(audio.FilePath))[..4]);
        Assert.InRange(audio.DurationSeconds, 5, 60);
    }

    [Fact]
    public async Task A_missing_engine_is_reported_as_narration_unavailable()
    {
        var result = await Narrator(o => o.EspeakPath = "/nonexistent/espeak").NarrateAsync(Input(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal((INarrator.Unavailable, false), (result.Failure!.Code, result.Failure.Transient));
        Assert.Equal("No speech engine is installed (espeak-ng).", result.Failure.Message);
    }

    [Fact]
    public async Task Hostile_text_is_only_ever_spoken()
    {
        var markers = Enumerable.Range(0, 4).Select(i => Path.Combine(_dir, $"pwned-{i}")).ToArray();
        var input = new NarrationInput(
            [$"\"; touch {markers[0]} #", $"$(touch {markers[1]}) and `touch {markers[2]}`", $"'; touch {markers[3]}; echo '", "| rm -rf / ; $(reboot) & --help -w /etc/passwd", "<speak>not markup</speak> & done"],
            "en", null);

        var result = await Narrator(o => o.LamePath = "/nonexistent/lame").NarrateAsync(input, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var audio = result.Value!;
        Assert.True(audio.DurationSeconds > 3);
        Assert.All(markers, marker => Assert.False(File.Exists(marker), $"{marker} was created"));
    }

    [Fact]
    public async Task A_very_long_sentence_is_narrated_through_stdin()
    {
        var sentence = string.Join(", ", Enumerable.Repeat("the sleepy bear counted the quiet stars one by one", 500));
        var input = new NarrationInput([sentence], "en", null);
        Assert.True(sentence.Length > 25_000);

        var result = await Narrator(o => o.LamePath = "/nonexistent/lame").NarrateAsync(input, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var audio = result.Value!;
        Assert.True(audio.DurationSeconds > 600, $"{audio.DurationSeconds} s");
    }

    [Fact]
    public async Task Text_never_travels_as_an_argument_whatever_its_length()
    {
        var sample = Path.Combine(_dir, "sample.wav");
        await File.WriteAllBytesAsync(sample, Wav(seconds: 1));
        var engine = Script("record.sh", $"""
            printf '%s\n' "$@" > '{_dir}/args.txt'
            cat >> '{_dir}/stdin.txt'
            printf '|' >> '{_dir}/stdin.txt'
            while [ $# -gt 0 ]; do
              if [ "$1" = "-w" ]; then cp '{sample}' "$2"; fi
              shift
            done
            """);
        var huge = string.Concat(Enumerable.Repeat("Sleep tight, little one; $(reboot) \"quoted\" `ticks` ünïcödé 🌙. ", 4000));
        var input = new NarrationInput([huge.Trim(), "The end."], "en", null);

        var result = await Narrator(o => (o.EspeakPath, o.LamePath, o.MaxConcurrentSentences) = (engine, "/nonexistent/lame", 1)).NarrateAsync(input, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var audio = result.Value!;
        Assert.Equal(2.0, audio.DurationSeconds, precision: 3);
        Assert.Equal([new SentenceTiming(0, 1), new SentenceTiming(1, 2)], audio.Sentences);
        Assert.Equal($"{huge.Trim()}|The end.|", await File.ReadAllTextAsync(Path.Combine(_dir, "stdin.txt")));
        var args = (await File.ReadAllLinesAsync(Path.Combine(_dir, "args.txt")));
        Assert.Equal(["--stdin", "-b", "1", "-v", "en-us", "-s", "150", "-w"], args[..^1]);
        Assert.StartsWith(Path.GetTempPath(), args[^1]);
    }

    [Fact]
    public async Task An_engine_that_hangs_is_killed_with_its_children_when_the_narration_step_is_cancelled()
    {
        var childPid = Path.Combine(_dir, "child.pid");
        var engine = Script("hang.sh", $"""
            sleep 60 &
            echo $! > '{childPid}'
            wait
            """);

        using var step = new CancellationTokenSource();
        var narrating = Narrator(o => o.EspeakPath = engine).NarrateAsync(Input(), step.Token);
        Assert.True(await Eventually(() => File.Exists(childPid), TimeSpan.FromSeconds(10)), "the engine never started");
        await step.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => narrating);
        var pid = int.Parse((await File.ReadAllTextAsync(childPid)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Eventually(() => !IsRunning(pid), TimeSpan.FromSeconds(10)), $"child {pid} still running");
    }

    [Fact]
    public async Task The_callers_cancellation_stops_the_engine_and_is_not_a_failure()
    {
        var engine = Script("hang.sh", "exec sleep 60");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Narrator(o => o.EspeakPath = engine).NarrateAsync(Input(), cancel.Token));
    }

    [Fact]
    public async Task A_failing_engine_is_a_transient_failure_with_its_first_error_line()
    {
        var engine = Script("fail.sh", """
            cat > /dev/null
            printf 'Error: the voice went \033[31mwrong\nsecond line with details\n' >&2
            exit 3
            """);

        var result = await Narrator(o => o.EspeakPath = engine).NarrateAsync(Input(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(("narration_failed", true), (result.Failure!.Code, result.Failure.Transient));
        Assert.Contains("exit code 3", result.Failure.Message);
        Assert.Contains("Error: the voice went [31mwrong", result.Failure.Message);
        Assert.DoesNotContain("second line", result.Failure.Message);
        Assert.DoesNotContain('\u001b', result.Failure.Message);
    }

    [Theory]
    [InlineData("sonia", "en", "en-gb+f2")]
    [InlineData("grandpa", "en", "en-gb+grandpa")]
    [InlineData(null, "de", "de")]
    [InlineData(null, "en", "en-us")]
    [InlineData(null, "--help", "en-us")]
    [InlineData(null, "xx yy", "en-us")]
    public void Chooses_the_presets_voice_else_the_languages_else_the_configured_one(string? preset, string language, string expected) =>
        Assert.Equal(expected, EspeakNarrator.ChooseVoice(new NarrationInput(["t"], language, VoiceCatalogue.Find(preset)), "en-us"));

    [Fact]
    public void A_preset_speaks_at_its_rate_and_pitch_relative_to_the_configured_speed()
    {
        Assert.Equal(["--stdin", "-b", "1", "-v", "en-gb+grandpa", "-s", "120", "-p", "45", "-w", "a.wav"],
            EspeakNarrator.Arguments(VoiceCatalogue.Find("grandpa"), "en-gb+grandpa", 150, "a.wav"));
        Assert.Equal(["--stdin", "-b", "1", "-v", "en-us", "-s", "150", "-w", "a.wav"], EspeakNarrator.Arguments(null, "en-us", 150, "a.wav"));
    }

    public static TheoryData<string> PresetIds => [.. VoiceCatalogue.Presets.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(PresetIds))]
    public async Task Every_presets_voice_is_installed_and_speaks(string id)
    {
        var preset = VoiceCatalogue.Find(id)!;

        var result = await Narrator(o => o.LamePath = "/nonexistent/lame").NarrateAsync(new NarrationInput(["Good night", "Sleep tight."], "en", preset), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        await using var audio = result.Value!;
        Assert.InRange(audio.DurationSeconds, 0.5, 10);
        // espeak-ng falls back silently on an unknown voice or variant: check that both are installed.
        var (language, variant) = (preset.EspeakVoice.Split('+')[0], preset.EspeakVoice.Split('+')[1]);
        var variants = await ProcessRunner.RunAsync("espeak-ng", ["--voices=variant"], null, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
        var languages = await ProcessRunner.RunAsync("espeak-ng", [$"--voices={language}"], null, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
        Assert.Contains($" !v/{variant} ", variants.Output);
        Assert.Contains($" {language} ", languages.Output);
    }

    [Fact]
    public void Reads_the_duration_of_streamed_wavs_with_unknown_sizes()
    {
        var wav = Wav(seconds: 2);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), uint.MaxValue);

        Assert.True(WavFile.TryReadLayout(new MemoryStream(wav), out var layout));
        Assert.Equal(2.0, layout.Seconds, precision: 6);
        Assert.False(WavFile.TryReadLayout(new MemoryStream("ID3 not a wav file"u8.ToArray()), out _));
    }

    [Fact]
    public async Task The_none_narrator_reports_narration_turned_off()
    {
        var result = await new NoNarrator().NarrateAsync(Input(), CancellationToken.None);

        Assert.Equal((INarrator.Unavailable, false, "Narration is turned off."), (result.Failure!.Code, result.Failure.Transient, result.Failure.Message));
    }

    private static NarrationInput Input() => new(["Oska and the Moon", .. Story], "en", null);

    private static EspeakNarrator Narrator(Action<NarratorOptions>? configure = null)
    {
        var options = new NarratorOptions();
        configure?.Invoke(options);
        return new EspeakNarrator(Options.Create(options), TimeProvider.System, NullLogger<EspeakNarrator>.Instance);
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A 16-bit mono 22.05 kHz PCM WAV of silence.</summary>
    private static byte[] Wav(double seconds)
    {
        const int rate = 22050, blockAlign = 2;
        var dataBytes = (int)(rate * seconds) * blockAlign;
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(28), rate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), (uint)dataBytes);
        return wav;
    }

    /// <summary>MPEG audio frame sync (11 set bits), after an ID3v2 tag if there is one.</summary>
    internal static bool StartsWithMp3Frame(byte[] bytes)
    {
        var offset = 0;
        if (bytes.Length > 10 && bytes.AsSpan(0, 3).SequenceEqual("ID3"u8))
            offset = 10 + ((bytes[6] & 0x7f) << 21 | (bytes[7] & 0x7f) << 14 | (bytes[8] & 0x7f) << 7 | (bytes[9] & 0x7f));
        return bytes.Length > offset + 1 && bytes[offset] == 0xFF && (bytes[offset + 1] & 0xE0) == 0xE0;
    }

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>Alive and not a zombie (a killed orphan may linger unreaped in a container).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static Task<bool> Eventually(Func<bool> condition, TimeSpan timeout) =>
        TestSupport.Eventually.TrueAsync(() => Task.FromResult(condition()), timeout);
}
