using System.Buffers.Binary;

namespace Bedtime.Stories.Narration.Espeak;

/// <summary>Reads a RIFF/WAVE header for the duration: data bytes ÷ byte rate.</summary>
internal static class WavHeader
{
    public static bool TryReadDuration(Stream stream, out double seconds)
    {
        seconds = 0;
        Span<byte> header = stackalloc byte[12];
        if (stream.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12) return false;
        if (!header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8)) return false;

        uint byteRate = 0;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> format = stackalloc byte[16];
        while (stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || stream.ReadAtLeast(format, 16, throwOnEndOfStream: false) < 16) return false;
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(format[8..12]);
                Skip(stream, size - 16 + (size & 1));
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (byteRate == 0) return false;
                // Streamed WAVs carry 0 or 0xFFFFFFFF as the size: then the data runs to the end of the file.
                var remaining = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
                long bytes = size is 0 or uint.MaxValue || size > remaining ? remaining : size;
                if (bytes == long.MaxValue) return false;
                seconds = (double)bytes / byteRate;
                return true;
            }
            else
            {
                Skip(stream, size + (size & 1));
            }
        }
        return false;
    }

    public static bool TryReadDuration(string path, out double seconds)
    {
        using var file = File.OpenRead(path);
        return TryReadDuration(file, out seconds);
    }

    private static void Skip(Stream stream, long bytes)
    {
        if (bytes <= 0) return;
        if (stream.CanSeek)
        {
            stream.Seek(bytes, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[(int)Math.Min(bytes, 81920)];
        while (bytes > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(bytes, buffer.Length));
            if (read == 0) return;
            bytes -= read;
        }
    }
}
