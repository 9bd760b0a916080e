using Bedtime.Uploads.Inspection;

namespace Bedtime.Tests.Uploads;

/// <summary>What the inspection measures of pictures and recordings while they stream past (processing never reads them again).</summary>
public sealed class MediaMeasurementTests
{
    private const double Mp3FrameSeconds = SampleFiles.Mp3SamplesPerFrame / (double)SampleFiles.Mp3SampleRate;

    public static TheoryData<string, int, int?> Pictures => new()
    {
        { "png", 3, 2 },
        { "jpeg", 16, 8 },
        { "jpeg with an EXIF thumbnail", 16, 8 },
        { "gif", 1, 1 },
        { "webp lossless", 1, 1 },
        { "webp extended", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Pictures))]
    public void A_picture_measures_the_size_its_headers_give(string sample, int width, int? height)
    {
        Assert.Equal(new MediaMeasurements(width, height), Measure(SampleFiles.ByName[sample]()));
    }

    [Fact]
    public void Larger_pictures_measure_their_real_size()
    {
        Assert.Equal(new MediaMeasurements(640, 480), Measure(SampleFiles.Png(640, 480)));
        Assert.Equal(new MediaMeasurements(320, 240), Measure(SampleFiles.Jpeg(320, 240)));
        Assert.Equal(new MediaMeasurements(300, 2), Measure(SampleFiles.Gif(300, 2)));
    }

    [Fact]
    public void A_wav_lasts_its_data_bytes_divided_by_its_byte_rate()
    {
        Assert.Equal(1.0, Seconds(SampleFiles.Wav(seconds: 1)));
        Assert.Equal(75.0, Seconds(SampleFiles.Wav(seconds: 75, sampleRate: 1000)));
    }

    [Fact]
    public void An_mp3_lasts_its_frames_times_1152_samples_at_44_1_kHz()
    {
        Assert.Equal(200 * Mp3FrameSeconds, Seconds(SampleFiles.Mp3(frames: 200)), 6);
        Assert.Equal(2 * Mp3FrameSeconds, Seconds(SampleFiles.Mp3(frames: 2)), 6);
    }

    [Fact]
    public void An_mp3_with_a_xing_header_lasts_the_frame_count_it_declares()
    {
        Assert.Equal(2297 * Mp3FrameSeconds, Seconds(SampleFiles.Mp3(frames: 5, xingFrameCount: 2297)), 6);
    }

    [Fact]
    public void An_mp3_counts_the_frames_on_both_sides_of_a_damaged_stretch_and_before_its_end_tag()
    {
        Assert.Equal(30 * Mp3FrameSeconds, Seconds(SampleFiles.ByName["mp3 with a damaged stretch"]()), 6);
        Assert.Equal(12 * Mp3FrameSeconds, Seconds([.. SampleFiles.Mp3(frames: 12), .. "TAG"u8, .. new byte[125]]), 6);
    }

    [Fact]
    public void An_mp3_frame_cut_off_at_the_end_is_not_counted()
    {
        Assert.Equal(11 * Mp3FrameSeconds, Seconds(SampleFiles.Mp3(frames: 12)[..^100]), 6);
    }

    [Fact]
    public void A_header_found_in_junk_counts_only_when_a_frame_follows_it()
    {
        var frame = SampleFiles.Mp3(frames: 1, withId3: false);
        byte[] lookalike = [.. frame[..4], .. new byte[60]]; // a header whose frame is cut short by more junk

        var measured = Seconds([.. SampleFiles.Mp3(frames: 10), .. new byte[50], .. lookalike, .. new byte[SampleFiles.Mp3FrameLength]]);

        Assert.Equal(10 * Mp3FrameSeconds, measured, 6);
    }

    [Fact]
    public void An_ogg_lasts_its_last_granule_position_over_the_sample_rate()
    {
        Assert.Equal(2.0, Seconds(SampleFiles.OggVorbis(seconds: 2)));
        Assert.Equal(3.0, Seconds(SampleFiles.OggOpus(seconds: 3))); // 48 kHz, less the pre-skip
    }

    [Fact]
    public void An_ogg_whose_vorbis_header_gives_no_sample_rate_is_refused()
    {
        var verdict = UploadInspector.Inspect(SampleFiles.OggVorbis(seconds: 2, sampleRate: 0));

        Assert.Equal("The OGG recording is damaged (its identification header gives no sample rate).", verdict.RejectionReason);
    }

    [Fact]
    public void Texts_and_refused_files_measure_nothing()
    {
        Assert.Null(UploadInspector.Inspect(SampleFiles.Utf8Text).Measurements);
        Assert.Null(UploadInspector.Inspect(SampleFiles.ByName["png cut short"]()).Measurements);
    }

    private static MediaMeasurements? Measure(byte[] bytes)
    {
        var verdict = UploadInspector.Inspect(bytes);
        Assert.True(verdict.Accepted, verdict.RejectionReason);
        return verdict.Measurements;
    }

    private static double Seconds(byte[] bytes) => Measure(bytes)!.DurationSeconds!.Value;
}
