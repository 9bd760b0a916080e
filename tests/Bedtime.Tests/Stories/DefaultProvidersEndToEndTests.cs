using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Stories;

/// <summary>
/// What a new user gets from the runner's embedded defaults: the offline writer and espeak-ng narration
/// (installed by scripts/setup), with nothing scripted.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class DefaultProvidersEndToEndTests(StandInsFixture standIns)
{
    [Fact]
    public async Task A_narrated_story_plays_in_segments_before_it_is_completed_reads_as_a_story_of_the_requested_length_and_its_audio_plays()
    {
        await using var app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true");
        using var client = await app.ClientForAsync("new-parent");
        var playableEarly = false;

        using var created = await client.PostAsync("/api/stories", Json(
            """{"childName":"Theo","age":6,"theme":"pirates","setting":"a little harbour town","moral":"sharing is caring","length":"medium","narration":{"enabled":true}}"""));
        JsonElement story = default;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var read = await client.GetAsync(created.Headers.Location);
            story = await read.JsonAsync();
            var done = story.GetProperty("status").GetString() is "completed" or "failed";
            playableEarly |= !done && story.GetProperty("narration").GetProperty("segments").GetArrayLength() > 0;
            return done;
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50)), $"not finished within 60 s: {story}");

        Assert.Equal("completed", story.GetProperty("status").GetString());
        Assert.True(playableEarly, "no segment could play before the story was completed");
        var paragraphs = story.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.InRange(story.GetProperty("wordCount").GetInt32(), 500, 700);
        Assert.Contains("Theo", paragraphs[0]);
        Assert.Contains("harbour", string.Join(' ', paragraphs.Take(2)));
        Assert.Matches("(?i)night|sleep|dream", paragraphs[^1]);

        var audio = story.GetProperty("audio");
        Assert.Equal("audio/mpeg", audio.GetProperty("contentType").GetString());
        Assert.True(audio.GetProperty("durationSeconds").GetDouble() > 60, "a medium story narrates for minutes");
        using var download = await new HttpClient().GetAsync(audio.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"bedtime-{Guid.NewGuid():N}.mp3");
        await File.WriteAllBytesAsync(file, await download.Content.ReadAsByteArrayAsync());
        try
        {
            var (exit, output) = await RunAsync("sox", "--info", file);
            Assert.True(exit == 0, $"sox cannot read the narration: {output}");
            Assert.Contains("MPEG audio", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
