using System.Text;
using Bedtime.Uploads;
using Bedtime.Uploads.Inspection;

namespace Bedtime.Tests.Uploads;

public sealed class UploadInspectorTests
{
    public static TheoryData<string, UploadKind, string> AllowedSamples => new()
    {
        { "png", UploadKind.Image, "image/png" },
        { "jpeg", UploadKind.Image, "image/jpeg" },
        { "jpeg with an EXIF thumbnail", UploadKind.Image, "image/jpeg" },
        { "gif", UploadKind.Image, "image/gif" },
        { "webp lossless", UploadKind.Image, "image/webp" },
        { "webp extended", UploadKind.Image, "image/webp" },
        { "wav", UploadKind.Audio, "audio/wav" },
        { "mp3", UploadKind.Audio, "audio/mpeg" },
        { "mp3 without ID3 tag", UploadKind.Audio, "audio/mpeg" },
        { "mp3 with a damaged stretch", UploadKind.Audio, "audio/mpeg" },
        { "ogg vorbis", UploadKind.Audio, "audio/ogg" },
        { "ogg opus", UploadKind.Audio, "audio/ogg" },
        { "utf-8 text", UploadKind.Text, "text/plain" },
        { "utf-8 text with BOM", UploadKind.Text, "text/plain" },
        { "markdown", UploadKind.Text, "text/markdown" },
    };

    public static TheoryData<string, string> RefusedSamples => new()
    {
        { "windows executable", "Windows executables are not accepted." },
        { "elf executable", "executables (ELF)" },
        { "zip", "ZIP archives are not accepted" },
        { "gzip", "gzip archives" },
        { "7z", "7-Zip archives" },
        { "rar", "RAR archives" },
        { "html", "HTML is not accepted" },
        { "html without doctype", "HTML is not accepted" },
        { "svg", "SVG images are not accepted" },
        { "svg with xml declaration", "SVG images are not accepted" },
        { "pdf", "PDF documents are not accepted." },
        { "png with a zip appended", "The file claims to be PNG but also contains a ZIP archive." },
        { "png with a script chunk", "The file claims to be PNG but also contains HTML or script tags." },
        { "png with data appended", "The file has data after the end of the PNG image." },
        { "png cut short", "The PNG image is incomplete" },
        { "jpeg with data appended", "The file has data after the end of the JPEG image." },
        { "jpeg with a zip appended", "The file claims to be JPEG but also contains a ZIP archive." },
        { "gif with data appended", "The file has data after the end of the GIF image." },
        { "wav with data appended", "The file has data after the end of the WAV recording." },
        { "ogg with data appended", "The file has data after the end of the OGG recording." },
        { "ogg theora", "The OGG recording is damaged (it is neither Vorbis nor Opus audio)." },
        { "mp3 with broken frames", "The MP3 recording is damaged (its audio frames do not follow one another)." },
        { "empty", "The file is empty." },
        { "invalid utf-8 text", "not valid UTF-8" },
        { "text with a NUL", "NUL bytes" },
        { "text cut inside a character", "not valid UTF-8" },
        { "utf-16 text", "UTF-16" },
        { "shebang script", "Scripts (files starting with #!)" },
        { "random noise", "This kind of file is not accepted" },
    };

    public static TheoryData<string> AllSamples => new(SampleFiles.ByName.Keys);

    [Theory]
    [MemberData(nameof(AllowedSamples))]
    public void Each_allowed_kind_is_accepted_with_the_content_type_its_bytes_show(string sample, UploadKind kind, string contentType)
    {
        var verdict = UploadInspector.Inspect(SampleFiles.ByName[sample]());

        Assert.Null(verdict.RejectionReason);
        Assert.True(verdict.Accepted);
        Assert.Equal(kind, verdict.Kind);
        Assert.Equal(contentType, verdict.ContentType);
    }

    [Theory]
    [MemberData(nameof(RefusedSamples))]
    public void Each_refused_file_is_rejected_with_a_reason_that_names_the_problem(string sample, string reason)
    {
        var verdict = UploadInspector.Inspect(SampleFiles.ByName[sample]());

        Assert.False(verdict.Accepted);
        Assert.Null(verdict.ContentType);
        Assert.Contains(reason, verdict.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sample_has_an_expected_verdict()
    {
        var covered = AllowedSamples.Select(row => (string)row[0]).Concat(RefusedSamples.Select(row => (string)row[0]));

        Assert.Equal(SampleFiles.ByName.Keys.Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void The_verdict_is_the_same_whatever_the_chunk_sizes(string sample)
    {
        var bytes = SampleFiles.ByName[sample]();
        var whole = UploadInspector.Inspect(bytes);

        foreach (var chunkSize in new[] { 1, 2, 3, 7, 64, 4096 })
        {
            Assert.Equal(whole, Feed(bytes, chunkSize));
        }
    }

    [Fact]
    public void A_zip_appended_to_a_png_is_found_when_its_signature_is_split_between_chunks()
    {
        var png = SampleFiles.Png(3, 2);
        var bytes = (byte[])[.. png, .. SampleFiles.Zip()];
        var inspector = new UploadInspector();

        inspector.Append(bytes.AsSpan(0, png.Length + 2)); // ends with "PK"
        inspector.Append(bytes.AsSpan(png.Length + 2));

        Assert.Equal("The file claims to be PNG but also contains a ZIP archive.", inspector.Complete().RejectionReason);
    }

    [Fact]
    public void A_script_tag_far_beyond_the_first_64_KiB_of_a_text_is_still_found()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("The moon sang softly to the sleepy owls. ", 5000)) + "<script src=x></script>");

        var verdict = Feed(text, 1000);

        Assert.True(text.Length > 150_000);
        Assert.Equal("HTML is not accepted (the text contains HTML or script tags).", verdict.RejectionReason);
    }

    [Fact]
    public void Text_that_merely_starts_with_MZ_or_mentions_a_PDF_header_later_is_still_text()
    {
        var mz = UploadInspector.Inspect("MZ is what my little brother calls himself. He is four.\n"u8);
        var pdf = UploadInspector.Inspect(Encoding.UTF8.GetBytes(new string('a', 2000) + " and %PDF-1.7 is just words here.\n"));

        Assert.Equal("text/plain", mz.ContentType);
        Assert.Equal("text/plain", pdf.ContentType);
    }

    [Fact]
    public void A_twenty_megabyte_text_is_inspected_in_bounded_memory()
    {
        // Whole lines of UTF-8 with emoji, reused for every chunk, each fed in two pieces split at a moving
        // point so that piece boundaries regularly fall inside multi-byte characters.
        var line = Encoding.UTF8.GetBytes("Good night, little dragon 🐉, sleep tight under the stars ★.\n");
        var chunk = Enumerable.Repeat(line, 64 * 1024 / line.Length).SelectMany(bytes => bytes).ToArray();
        const int total = 20 * 1024 * 1024;
        var inspector = new UploadInspector();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var (fed, round) = (0, 0); fed < total; fed += chunk.Length, round++)
        {
            var split = round * 7919 % chunk.Length;
            inspector.Append(chunk.AsSpan(0, split));
            inspector.Append(chunk.AsSpan(split));
        }

        var verdict = inspector.Complete();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal("text/plain", verdict.ContentType);
        Assert.True(allocated < 2 * 1024 * 1024, $"allocated {allocated:N0} bytes for a {total:N0}-byte feed");
    }

    [Fact]
    public void A_twenty_megabyte_image_streamed_in_one_megabyte_chunks_is_walked_to_its_end_in_bounded_memory()
    {
        var png = SampleFiles.PngWithPadding(20 * 1024 * 1024);
        var pngAndAByte = (byte[])[.. png, 0x00];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var verdict = Feed(png, 1024 * 1024);
        var appended = Feed(pngAndAByte, 1024 * 1024);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal("image/png", verdict.ContentType);
        Assert.Equal("The file has data after the end of the PNG image.", appended.RejectionReason);
        Assert.True(allocated < 2 * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_jpeg_may_end_with_zero_padding_but_nothing_else()
    {
        var jpeg = SampleFiles.Jpeg(16, 8);

        Assert.Equal("image/jpeg", UploadInspector.Inspect([.. jpeg, 0, 0, 0, 0]).ContentType);
        Assert.Equal("The file has data after the end of the JPEG image.", UploadInspector.Inspect([.. jpeg, 0, 0, 1]).RejectionReason);
    }

    [Fact]
    public void A_riff_size_that_disagrees_with_the_file_is_refused()
    {
        var wav = SampleFiles.Wav(seconds: 1);
        wav[4] += 2; // declares two more bytes than there are

        Assert.False(UploadInspector.Inspect(wav).Accepted);
        Assert.Equal("audio/wav", UploadInspector.Inspect([.. SampleFiles.Wav(seconds: 1), 0]).ContentType); // one pad byte is fine
    }

    [Fact]
    public void A_png_claiming_an_absurd_size_is_refused()
    {
        var png = SampleFiles.Png(3, 2);
        png[16] = 0x7F; // width's high byte

        Assert.StartsWith("The PNG image is damaged (it claims an implausible size of", UploadInspector.Inspect(png).RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_inspector_refuses_more_bytes_after_its_verdict_and_repeats_the_verdict()
    {
        var inspector = new UploadInspector();
        inspector.Append(SampleFiles.Gif(1, 1));
        var verdict = inspector.Complete();

        Assert.Same(verdict, inspector.Complete());
        Assert.Throws<InvalidOperationException>(() => inspector.Append([1]));
    }

    [Theory]
    [InlineData(null, "image/png", true)]
    [InlineData("", "image/png", true)]
    [InlineData("application/octet-stream", "image/png", true)]
    [InlineData("image/png", "image/png", true)]
    [InlineData("IMAGE/PNG; name=x.png", "image/png", true)]
    [InlineData("image/jpg", "image/jpeg", true)]
    [InlineData("audio/mp3", "audio/mpeg", true)]
    [InlineData("audio/x-wav", "audio/wav", true)]
    [InlineData("audio/wave", "audio/wav", true)]
    [InlineData("text/x-markdown", "text/markdown", true)]
    [InlineData("text/plain; charset=utf-8", "text/markdown", true)]
    [InlineData("text/markdown", "text/plain", true)]
    [InlineData("image/png", "image/jpeg", false)]
    [InlineData("text/plain", "image/png", false)]
    [InlineData("audio/ogg", "audio/mpeg", false)]
    public void The_declared_type_agrees_when_it_names_what_the_bytes_are(string? declared, string sniffed, bool agrees)
    {
        var kind = sniffed.StartsWith("image/", StringComparison.Ordinal) ? UploadKind.Image
            : sniffed.StartsWith("audio/", StringComparison.Ordinal) ? UploadKind.Audio
            : UploadKind.Text;

        Assert.Equal(agrees, UploadInspector.Agrees(declared, InspectionVerdict.Accept(kind, sniffed)));
    }

    [Fact]
    public void A_refused_upload_agrees_with_no_declared_type_but_any_named_one()
    {
        var refused = InspectionVerdict.Reject("ZIP archives are not accepted.");

        Assert.True(UploadInspector.Agrees(null, refused));
        Assert.False(UploadInspector.Agrees("image/png", refused));
    }

    private static InspectionVerdict Feed(byte[] bytes, int chunkSize)
    {
        var inspector = new UploadInspector();
        for (var i = 0; i < bytes.Length; i += chunkSize)
        {
            inspector.Append(bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i)));
        }

        return inspector.Complete();
    }
}

public sealed class UploadInspectorRandomChunkingTests
{
    public static TheoryData<string> Samples => new(SampleFiles.ByName.Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Any_chunking_of_a_sample_gives_the_verdict_of_the_whole(string sample)
    {
        var bytes = SampleFiles.ByName[sample]();
        var expected = Bedtime.Uploads.Inspection.UploadInspector.Inspect(bytes);
        var random = new Random(sample.Length * 7919);
        for (var round = 0; round < 200; round++)
        {
            var inspector = new Bedtime.Uploads.Inspection.UploadInspector();
            for (var offset = 0; offset < bytes.Length;)
            {
                var size = Math.Min(bytes.Length - offset, random.Next(1, Math.Max(2, bytes.Length / 3)));
                inspector.Append(bytes.AsSpan(offset, size));
                offset += size;
            }
            Assert.Equal(expected, inspector.Complete());
        }
    }
}
