using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>WebP: a RIFF "WEBP" whose first chunk is a VP8 (lossy), VP8L (lossless) or VP8X (extended) header.</summary>
internal sealed class WebPWalker() : RiffWalker("WebP image", Signatures.WebP)
{
    private const int Vp8HeaderLength = 10;
    private const int Vp8LHeaderLength = 5;
    private const int Vp8XHeaderLength = 10;

    private MediaMeasurements? _size;

    public override MediaMeasurements? Measurements => _size;

    protected override int OnChunk(ReadOnlySpan<byte> id, uint size, bool first)
    {
        if (!first)
        {
            return 0;
        }

        if (id.SequenceEqual(Signatures.WebPLossy))
        {
            return Vp8HeaderLength;
        }

        if (id.SequenceEqual(Signatures.WebPLossless))
        {
            return Vp8LHeaderLength;
        }

        if (id.SequenceEqual(Signatures.WebPExtended))
        {
            return Vp8XHeaderLength;
        }

        Fail("its first chunk is not VP8, VP8L or VP8X");
        return 0;
    }

    protected override void OnChunkStart(ReadOnlySpan<byte> id, ReadOnlySpan<byte> body)
    {
        var (valid, width, height) = ReadSize(id, body);
        if (!valid)
        {
            Fail("its image header is invalid");
        }
        else if (width is < 1 or > MaxDimension || height is < 1 or > MaxDimension)
        {
            Fail($"it claims an implausible size of {width}×{height}");
        }
        else
        {
            _size = new MediaMeasurements(width, height);
        }
    }

    protected override string? MissingAtEnd() => null;

    /// <summary>The canvas size from the first chunk's header (see the WebP container and bitstream specifications).</summary>
    private static (bool Valid, int Width, int Height) ReadSize(ReadOnlySpan<byte> id, ReadOnlySpan<byte> body)
    {
        if (id.SequenceEqual(Signatures.WebPLossy))
        {
            // A key frame (bit 0 clear), the start code, then 14-bit width and height.
            var keyFrame = (body[0] & 1) == 0 && body[3..6].SequenceEqual(Signatures.Vp8StartCode);
            return (keyFrame, BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF);
        }

        if (id.SequenceEqual(Signatures.WebPLossless))
        {
            // Signature byte, then 14 bits width-1, 14 bits height-1, 1 bit alpha, 3 bits version (0).
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
            return (body[0] == Signatures.Vp8LSignature && bits >> 29 == 0, (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        // VP8X: 4 bytes of flags, then 24-bit canvas width-1 and height-1.
        return (true, ReadUInt24(body[4..]) + 1, ReadUInt24(body[7..]) + 1);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | bytes[1] << 8 | bytes[2] << 16;
}
