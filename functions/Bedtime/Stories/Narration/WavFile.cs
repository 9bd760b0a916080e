using System.Buffers.Binary;

namespace Bedtime.Stories.Narration;

/// <summary>Where a WAV file's samples are: its 16-byte PCM format, and the offset and length of its data.</summary>
internal sealed record WavLayout(byte[] Format, long DataOffset, long DataBytes)
{
    public int ByteRate => BinaryPrimitives.ReadInt32LittleEndian(Format.AsSpan(8, 4));
    public double Seconds => (double)DataBytes / ByteRate;
}

/// <summary>Reads a RIFF/WAVE file's layout and writes the canonical 44-byte header in front of PCM data.</summary>
internal static class WavFile
{
    public const int HeaderLength = 44;
    private const int FormatLength = 16;

    public static bool TryReadLayout(Stream stream, out WavLayout layout)
    {
        layout = null!;
        Span<byte> header = stackalloc byte[12];
        if (stream.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12) return false;
        if (!header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8)) return false;

        byte[]? format = null;
        Span<byte> chunk = stackalloc byte[8];
        long position = 12;
        while (stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8)
        {
            position += 8;
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                format = new byte[FormatLength];
                if (size < FormatLength || stream.ReadAtLeast(format, FormatLength, throwOnEndOfStream: false) < FormatLength) return false;
                position += FormatLength;
                position += Skip(stream, size - FormatLength + (size & 1));
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (format is null || BinaryPrimitives.ReadInt32LittleEndian(format.AsSpan(8, 4)) <= 0) return false;
                // Streamed WAVs carry 0 or 0xFFFFFFFF as the size: then the data runs to the end of the file.
                var remaining = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
                long bytes = size is 0 or uint.MaxValue || size > remaining ? remaining : size;
                if (bytes == long.MaxValue) return false;
                layout = new WavLayout(format, position, bytes);
                return true;
            }
            else
            {
                position += Skip(stream, size + (size & 1));
            }
        }
        return false;
    }

    public static bool TryReadLayout(string path, out WavLayout layout)
    {
        using var file = File.OpenRead(path);
        return TryReadLayout(file, out layout);
    }

    public static void WriteHeader(Stream stream, ReadOnlySpan<byte> format, long dataBytes)
    {
        if (dataBytes > uint.MaxValue - 36) throw new ArgumentOutOfRangeException(nameof(dataBytes), "Too much audio for one WAV file.");
        Span<byte> header = stackalloc byte[HeaderLength];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], FormatLength);
        format[..FormatLength].CopyTo(header[20..]);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        stream.Write(header);
    }

    private static long Skip(Stream stream, long bytes)
    {
        if (bytes <= 0) return 0;
        if (stream.CanSeek)
        {
            stream.Seek(bytes, SeekOrigin.Current);
            return bytes;
        }
        var buffer = new byte[(int)Math.Min(bytes, 81920)];
        var skipped = 0L;
        while (skipped < bytes)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(bytes - skipped, buffer.Length));
            if (read == 0) break;
            skipped += read;
        }
        return skipped;
    }
}
