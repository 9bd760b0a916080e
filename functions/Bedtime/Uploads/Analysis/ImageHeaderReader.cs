using System.Buffers.Binary;
using Bedtime.Uploads.Formats;
using Bedtime.Uploads.Inspection.Walkers;

namespace Bedtime.Uploads.Analysis;

/// <summary>An image's format and pixel size, read from its headers.</summary>
internal sealed record ImageHeader(string Format, int Width, int Height);

/// <summary>Reads just enough of a PNG, JPEG, GIF or WebP to know its format and size; the format comes from the bytes.</summary>
internal static class ImageHeaderReader
{
    public static async Task<ImageHeader> ReadAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        await reader.FillAsync(12, cancellationToken);
        var start = reader.Span;
        if (start.StartsWith(Signatures.Png))
        {
            return await ReadPngAsync(reader, cancellationToken);
        }

        if (start.StartsWith(Signatures.Jpeg))
        {
            return await ReadJpegAsync(reader, cancellationToken);
        }

        if (start.StartsWith(Signatures.Gif87a) || start.StartsWith(Signatures.Gif89a))
        {
            return await ReadGifAsync(reader, cancellationToken);
        }

        if (start.Length >= 12 && start.StartsWith(Signatures.Riff) && start[8..12].SequenceEqual(Signatures.WebP))
        {
            return await ReadWebPAsync(reader, cancellationToken);
        }

        throw new CorruptFileException("The picture is not a PNG, JPEG, GIF or WebP image.");
    }

    // Signature, then the IHDR chunk: length, type, width, height (big-endian).
    private static async Task<ImageHeader> ReadPngAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        await reader.RequireAsync(24, cancellationToken);
        var header = reader.Span;
        if (!header[12..16].SequenceEqual(Signatures.PngHeader))
        {
            throw new CorruptFileException("The PNG image does not start with its IHDR chunk.");
        }

        return Checked("PNG", BinaryPrimitives.ReadInt32BigEndian(header[16..]), BinaryPrimitives.ReadInt32BigEndian(header[20..]));
    }

    private static async Task<ImageHeader> ReadGifAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        await reader.RequireAsync(10, cancellationToken);
        var header = reader.Span;
        return Checked("GIF", BinaryPrimitives.ReadUInt16LittleEndian(header[6..]), BinaryPrimitives.ReadUInt16LittleEndian(header[8..]));
    }

    // RIFF header, then the first chunk's header and the start of its body.
    private static async Task<ImageHeader> ReadWebPAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        await reader.RequireAsync(30, cancellationToken);
        var header = reader.Span;
        var id = header[12..16];
        if (!id.SequenceEqual(Signatures.WebPLossy) && !id.SequenceEqual(Signatures.WebPLossless) && !id.SequenceEqual(Signatures.WebPExtended))
        {
            throw new CorruptFileException("The WebP image's first chunk is not VP8, VP8L or VP8X.");
        }

        var (valid, width, height) = WebPWalker.ReadSize(id, header[20..30]);
        return valid ? Checked("WebP", width, height) : throw new CorruptFileException("The WebP image's header is invalid.");
    }

    // Marker segments in order until a start-of-frame gives the size; scans and the end marker mean there was none.
    private static async Task<ImageHeader> ReadJpegAsync(ByteReader reader, CancellationToken cancellationToken)
    {
        reader.Advance(2);
        while (true)
        {
            await reader.RequireAsync(2, cancellationToken);
            if (reader.Span[0] != 0xFF)
            {
                throw new CorruptFileException("The JPEG image has a segment that does not start with a marker.");
            }

            var marker = reader.Span[1];
            if (marker == 0xFF)
            {
                reader.Advance(1); // fill byte
                continue;
            }

            reader.Advance(2);
            if (marker is 0x01 or >= 0xD0 and <= 0xD7)
            {
                continue; // no length
            }

            if (marker is 0xD9 or 0xDA or 0xD8)
            {
                throw new CorruptFileException("The JPEG image has no frame header before its image data.");
            }

            await reader.RequireAsync(2, cancellationToken);
            var length = BinaryPrimitives.ReadUInt16BigEndian(reader.Span);
            if (length < 2)
            {
                throw new CorruptFileException("The JPEG image has a segment with an invalid length.");
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                // Length, precision, height, width.
                await reader.RequireAsync(7, cancellationToken);
                var frame = reader.Span;
                return Checked("JPEG", BinaryPrimitives.ReadUInt16BigEndian(frame[5..]), BinaryPrimitives.ReadUInt16BigEndian(frame[3..]));
            }

            if (await reader.SkipAsync(length, cancellationToken) < length)
            {
                throw new CorruptFileException("The JPEG image ends in the middle of a segment.");
            }
        }
    }

    private static ImageHeader Checked(string format, int width, int height) => width > 0 && height > 0
        ? new ImageHeader(format, width, height)
        : throw new CorruptFileException($"The {format} image's header gives no size.");
}
