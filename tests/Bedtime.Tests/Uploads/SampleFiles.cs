using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Bedtime.Tests.Uploads;

/// <summary>
/// Builds real (structurally valid) sample files in code, byte by byte, so the tests need no binary fixtures:
/// images and recordings the inspector must accept, and the files it must refuse.
/// </summary>
internal static class SampleFiles
{
    public const int Mp3FrameLength = 417; // 144 × 128 000 / 44 100, no padding
    public const int Mp3SamplesPerFrame = 1152;
    public const int Mp3SampleRate = 44100;

    /// <summary>Every sample by name, for theories (names show up in test output).</summary>
    public static IReadOnlyDictionary<string, Func<byte[]>> ByName { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["png"] = () => Png(3, 2),
        ["jpeg"] = () => Jpeg(16, 8),
        ["jpeg with an EXIF thumbnail"] = () => Jpeg(16, 8, withExifThumbnail: true),
        ["gif"] = () => Gif(1, 1),
        ["webp lossless"] = WebPLossless,
        ["webp extended"] = WebPExtended,
        ["wav"] = () => Wav(seconds: 1),
        ["mp3"] = () => Mp3(frames: 10),
        ["mp3 without ID3 tag"] = () => Mp3(frames: 10, withId3: false),
        ["mp3 with a damaged stretch"] = () => [.. Mp3(frames: 20), .. new byte[333], .. Mp3(frames: 10, withId3: false)],
        ["ogg vorbis"] = () => OggVorbis(seconds: 2),
        ["ogg opus"] = () => OggOpus(seconds: 3),
        ["utf-8 text"] = () => Utf8Text,
        ["utf-8 text with BOM"] = () => [0xEF, 0xBB, 0xBF, .. Utf8Text],
        ["markdown"] = () => Markdown,
        ["windows executable"] = WindowsExecutable,
        ["elf executable"] = ElfExecutable,
        ["zip"] = Zip,
        ["gzip"] = Gzip,
        ["7z"] = () => [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00, 0x04, .. Noise(200, seed: 7)],
        ["rar"] = () => [.. "Rar!"u8, 0x1A, 0x07, 0x01, 0x00, .. Noise(200, seed: 8)],
        ["html"] = () => Ascii("<!DOCTYPE html>\n<html><body><p>Once upon a time</p></body></html>\n"),
        ["html without doctype"] = () => Ascii("Hello\n<p>hi</p>\n<SCRIPT>alert(1)</SCRIPT>\n"),
        ["svg"] = () => Ascii("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>\n"),
        ["svg with xml declaration"] = () => Ascii("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
        ["pdf"] = () => Ascii("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
        ["png with a zip appended"] = () => [.. Png(3, 2), .. Zip()],
        ["png with a script chunk"] = () => Png(3, 2, extraChunk: ("tEXt", Ascii("Comment\0<script>alert(1)</script>"))),
        ["png with data appended"] = () => [.. Png(3, 2), .. Ascii("hidden payload")],
        ["png cut short"] = () => Png(3, 2)[..^12],
        ["jpeg with data appended"] = () => [.. Jpeg(16, 8), .. Ascii("hidden payload")],
        ["jpeg with a zip appended"] = () => [.. Jpeg(16, 8), .. Zip()],
        ["gif with data appended"] = () => [.. Gif(1, 1), .. Ascii("hidden payload")],
        ["wav with data appended"] = () => [.. Wav(seconds: 1), .. Ascii("hidden payload")],
        ["ogg with data appended"] = () => [.. OggVorbis(seconds: 2), .. Ascii("hidden payload")],
        ["ogg theora"] = () => OggPages(([0x80, .. "theora and then some"u8], 0)),
        ["mp3 with broken frames"] = () => [.. Mp3(frames: 1), .. Noise(2000, seed: 3)],
        ["empty"] = () => [],
        ["invalid utf-8 text"] = () => [.. "Un caf"u8, 0xE9, .. " au lait, s'il vous pla\u00eet.\n"u8],
        ["text with a NUL"] = () => [.. "Once upon a time"u8, 0x00, .. " there was a dragon.\n"u8],
        ["text cut inside a character"] = () => [.. "Good night, little dragon "u8, 0xF0, 0x9F],
        ["utf-16 text"] = () => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("Once upon a time")],
        ["shebang script"] = () => Ascii("#!/bin/sh\necho 'good night'\n"),
        ["random noise"] = () => Noise(4096, seed: 1),
    };

    public static byte[] Utf8Text => Encoding.UTF8.GetBytes(
        "Once upon a time a small dragon 🐉 lived under the hill.\nEvery night she counted the stars — ★ one, two, three — and fell asleep.\nGute Nacht, kleiner Drache! Ça va? 晚安\n");

    public static byte[] Markdown => Encoding.UTF8.GetBytes(
        "# Milo and the Moon\n\nMilo **loves** the _moon_. See [the picture](https://example.com/moon.png).\n\n- a blue blanket\n- a sleepy cat\n\n```\ncode block\n```\n");

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // ---- PNG: signature, IHDR, zlib-compressed grey scanlines in IDAT, IEND; CRCs computed.

    public static byte[] Png(int width, int height, (string Type, byte[] Data)? extraChunk = null)
    {
        var scanlines = new byte[(width + 1) * height]; // filter byte 0, then one grey byte per pixel
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(scanlines);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8; // bit depth; colour type 0 (grey), compression 0, filter 0, no interlace

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        PngChunk(png, "IHDR", header);
        if (extraChunk is { } extra)
        {
            PngChunk(png, extra.Type, extra.Data);
        }

        PngChunk(png, "IDAT", compressed.ToArray());
        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG carrying a private ancillary chunk of random bytes, to make a big image quickly.</summary>
    public static byte[] PngWithPadding(int paddingBytes) => Png(3, 2, ("prIv", Noise(paddingBytes, seed: 42)));

    private static void PngChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        var typeAndData = (byte[])[.. Encoding.ASCII.GetBytes(type), .. data];
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        png.Write(length);
        png.Write(typeAndData);
        png.Write(crc);
    }

    // ---- JPEG: baseline greyscale, every 8×8 block "DC difference 0, end of block" (two one-bit Huffman codes).

    public static byte[] Jpeg(int width, int height, bool withExifThumbnail = false)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        JpegSegment(jpeg, 0xE0, [.. "JFIF"u8, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (withExifThumbnail)
        {
            // The thumbnail's own end-of-image marker sits inside APP1; only walking by segment length skips it.
            JpegSegment(jpeg, 0xE1, [.. "Exif"u8, 0, 0, .. "MM"u8, 0, 0x2A, .. Jpeg(8, 8)]);
        }

        JpegSegment(jpeg, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);
        JpegSegment(jpeg, 0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);
        byte[] oneCode = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]; // one code of length 1, for symbol 0
        JpegSegment(jpeg, 0xC4, [0x00, .. oneCode]); // DC table 0
        JpegSegment(jpeg, 0xC4, [0x10, .. oneCode]); // AC table 0: symbol 0 is end-of-block
        JpegSegment(jpeg, 0xDA, [1, 1, 0x00, 0, 63, 0]);

        var blocks = ((width + 7) / 8) * ((height + 7) / 8);
        var bits = 2 * blocks;
        var data = new byte[(bits + 7) / 8];
        if (bits % 8 != 0)
        {
            data[^1] = (byte)((1 << (8 - bits % 8)) - 1); // pad the last byte with one-bits
        }

        jpeg.Write(data);
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static void JpegSegment(Stream jpeg, byte marker, byte[] body)
    {
        jpeg.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
        jpeg.Write(body);
    }

    // ---- GIF89a: global colour table of two, one image of colour 0, LZW with a clear code every two pixels.

    public static byte[] Gif(int width, int height)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        gif.Write([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0]);
        gif.Write([0, 0, 0, 255, 255, 255]);
        gif.Write([0x2C, 0, 0, 0, 0, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0]);
        gif.WriteByte(2); // LZW minimum code size
        var lzw = GifLzw(width * height);
        for (var i = 0; i < lzw.Length; i += 255)
        {
            var block = lzw.AsSpan(i, Math.Min(255, lzw.Length - i));
            gif.WriteByte((byte)block.Length);
            gif.Write(block);
        }

        gif.Write([0x00, 0x3B]);
        return gif.ToArray();
    }

    // Codes are 3 bits (clear = 4, end = 5); clearing every two pixels keeps the decoder's table from growing.
    private static byte[] GifLzw(int pixels)
    {
        var codes = new List<int>();
        for (var i = 0; i < pixels; i++)
        {
            if (i % 2 == 0)
            {
                codes.Add(4);
            }

            codes.Add(0);
        }

        codes.Add(5);
        var bytes = new byte[(codes.Count * 3 + 7) / 8];
        for (var i = 0; i < codes.Count; i++)
        {
            for (var bit = 0; bit < 3; bit++)
            {
                if ((codes[i] >> bit & 1) != 0)
                {
                    var position = i * 3 + bit;
                    bytes[position / 8] |= (byte)(1 << (position % 8));
                }
            }
        }

        return bytes;
    }

    // ---- WebP: the well-known 1×1 lossless image (VP8L), and the same inside an extended (VP8X) container.

    private static readonly byte[] Vp8LOnePixel = [0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07];

    public static byte[] WebPLossless() => Riff("WEBP"u8, ("VP8L", Vp8LOnePixel));

    public static byte[] WebPExtended() =>
        Riff("WEBP"u8, ("VP8X", [0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]), ("VP8L", Vp8LOnePixel)); // alpha flag; canvas 1×1

    // ---- WAV: PCM, 16-bit mono, 8 kHz, silence.

    public static byte[] Wav(double seconds, int sampleRate = 8000)
    {
        var format = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(format, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(format.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(format.AsSpan(8), (uint)(sampleRate * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(format.AsSpan(14), 16);
        return Riff("WAVE"u8, ("fmt ", format), ("data", new byte[(int)(sampleRate * 2 * seconds)]));
    }

    public static byte[] Riff(ReadOnlySpan<byte> form, params (string Id, byte[] Body)[] chunks)
    {
        using var body = new MemoryStream();
        body.Write(form);
        foreach (var (id, data) in chunks)
        {
            body.Write(Encoding.ASCII.GetBytes(id));
            body.Write(LittleEndian32((uint)data.Length));
            body.Write(data);
            if (data.Length % 2 == 1)
            {
                body.WriteByte(0);
            }
        }

        return [.. "RIFF"u8, .. LittleEndian32((uint)body.Length), .. body.ToArray()];
    }

    // ---- MP3: an ID3v2.3 tag with a title, then MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) of silence.

    public static byte[] Mp3(int frames, bool withId3 = true, int? xingFrameCount = null)
    {
        using var mp3 = new MemoryStream();
        if (withId3)
        {
            byte[] title = [.. "TIT2"u8, 0, 0, 0, 9, 0, 0, 0, .. "Bedtime"u8, 0];
            mp3.Write([.. "ID3"u8, 3, 0, 0, 0, 0, 0, (byte)title.Length]);
            mp3.Write(title);
        }

        for (var i = 0; i < frames; i++)
        {
            var frame = new byte[Mp3FrameLength];
            frame[0] = 0xFF;
            frame[1] = 0xFB;
            frame[2] = 0x90;
            frame[3] = 0x64;
            if (i == 0 && xingFrameCount is { } count)
            {
                // After the 32 bytes of stereo side information: "Xing", flags (frames present), frame count.
                "Xing"u8.CopyTo(frame.AsSpan(36));
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(40), 1);
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(44), (uint)count);
            }

            mp3.Write(frame);
        }

        return mp3.ToArray();
    }

    // ---- OGG: identification, comment and one audio page; granule positions and CRCs as the spec says.

    public static byte[] OggVorbis(int seconds, int sampleRate = 44100)
    {
        byte[] identification =
        [
            0x01, .. "vorbis"u8, 0, 0, 0, 0, 1, .. LittleEndian32((uint)sampleRate),
            0, 0, 0, 0, 0, 0xF4, 1, 0, 0, 0, 0, 0, 0xB8, 0x01,
        ];
        byte[] comment = [0x03, .. "vorbis"u8, 7, 0, 0, 0, .. "Bedtime"u8, 0, 0, 0, 0, 1];
        return OggPages((identification, 0), (comment, 0), (new byte[300], (long)sampleRate * seconds));
    }

    public static byte[] OggOpus(int seconds, int preSkip = 312)
    {
        byte[] head = [.. "OpusHead"u8, 1, 1, (byte)preSkip, (byte)(preSkip >> 8), .. LittleEndian32(48000), 0, 0, 0];
        byte[] tags = [.. "OpusTags"u8, 7, 0, 0, 0, .. "Bedtime"u8, 0, 0, 0, 0];
        return OggPages((head, 0), (tags, 0), (new byte[300], 48000L * seconds + preSkip));
    }

    /// <summary>One packet per page: the first begins the stream, the last ends it.</summary>
    public static byte[] OggPages(params (byte[] Packet, long Granule)[] pages)
    {
        using var ogg = new MemoryStream();
        for (var i = 0; i < pages.Length; i++)
        {
            var (packet, granule) = pages[i];
            var lacing = new List<byte>();
            for (var left = packet.Length; ; left -= 255)
            {
                lacing.Add((byte)Math.Min(left, 255));
                if (left < 255)
                {
                    break;
                }
            }

            var header = new byte[27];
            "OggS"u8.CopyTo(header);
            header[5] = (byte)((i == 0 ? 0x02 : 0) | (i == pages.Length - 1 ? 0x04 : 0));
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(6), granule);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(14), 0x0B5ED71E);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), (uint)i);
            header[26] = (byte)lacing.Count;
            var page = (byte[])[.. header, .. lacing, .. packet];
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc(page));
            ogg.Write(page);
        }

        return ogg.ToArray();
    }

    // CRC-32 with polynomial 0x04C11DB7, not reflected, initial value 0 (the Ogg framing spec's checksum).
    private static uint OggCrc(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        foreach (var b in page)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? crc << 1 ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }

    // ---- Things to refuse.

    public static byte[] WindowsExecutable()
    {
        var exe = new byte[256];
        "MZ"u8.CopyTo(exe);
        BinaryPrimitives.WriteUInt32LittleEndian(exe.AsSpan(0x3C), 0x80); // e_lfanew: where the PE header is
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        BinaryPrimitives.WriteUInt16LittleEndian(exe.AsSpan(0x84), 0x8664); // x64
        return exe;
    }

    public static byte[] ElfExecutable()
    {
        var elf = new byte[64];
        elf[0] = 0x7F;
        "ELF"u8.CopyTo(elf.AsSpan(1));
        elf[4] = 2; // 64-bit
        elf[5] = 1; // little-endian
        elf[6] = 1;
        return elf;
    }

    public static byte[] Zip()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("story.txt").Open();
            entry.Write("Once upon a time"u8);
        }

        return zip.ToArray();
    }

    public static byte[] Gzip()
    {
        using var gz = new MemoryStream();
        using (var stream = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            stream.Write("Once upon a time"u8);
        }

        return gz.ToArray();
    }

    private static byte[] LittleEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
