using System.Buffers;
using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>PNG: signature, IHDR first, chunk by chunk to IEND, nothing after it.</summary>
internal sealed class PngWalker() : StructureWalker("PNG image", bufferSize: 13, firstRead: 8)
{
    private const int ChunkHeaderLength = 8;
    private const int CrcLength = 4;
    private const int ImageHeaderLength = 13;

    private static readonly SearchValues<byte> AsciiLetters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private enum Step { Signature, ChunkHeader, ImageHeader }

    private Step _step;
    private bool _sawImageHeader;
    private bool _sawImageData;
    private MediaMeasurements? _size;

    public override MediaMeasurements? Measurements => _size;

    protected override void OnRead(ReadOnlySpan<byte> bytes)
    {
        switch (_step)
        {
            case Step.Signature when bytes.SequenceEqual(Signatures.Png):
                ReadChunkHeader(skip: 0);
                break;
            case Step.Signature:
                Fail("its signature is wrong");
                break;
            case Step.ChunkHeader:
                OnChunkHeader(BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..ChunkHeaderLength]);
                break;
            case Step.ImageHeader:
                OnImageHeader(bytes);
                break;
        }
    }

    private void OnChunkHeader(uint length, ReadOnlySpan<byte> type)
    {
        if (length > int.MaxValue || !IsChunkType(type))
        {
            Fail("a chunk header is invalid");
        }
        else if (!_sawImageHeader)
        {
            if (!type.SequenceEqual(Signatures.PngHeader) || length != ImageHeaderLength)
            {
                Fail("the first chunk is not IHDR");
                return;
            }

            _step = Step.ImageHeader;
            Next(0, ImageHeaderLength);
        }
        else if (type.SequenceEqual(Signatures.PngHeader))
        {
            Fail("it has a second IHDR chunk");
        }
        else if (type.SequenceEqual(Signatures.PngEnd))
        {
            if (!_sawImageData || length != 0)
            {
                Fail(_sawImageData ? "the IEND chunk is not empty" : "it has no image data");
                return;
            }

            EndAfter(CrcLength);
        }
        else
        {
            _sawImageData |= type.SequenceEqual(Signatures.PngData);
            ReadChunkHeader(skip: length + CrcLength);
        }
    }

    private void OnImageHeader(ReadOnlySpan<byte> header)
    {
        var width = BinaryPrimitives.ReadUInt32BigEndian(header);
        var height = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        if (width is 0 or > MaxDimension || height is 0 or > MaxDimension)
        {
            Fail($"it claims an implausible size of {width}×{height}");
        }
        else if (!IsValidDepth(colourType: header[9], bitDepth: header[8]) || header[10] != 0 || header[11] != 0 || header[12] > 1)
        {
            Fail("its IHDR chunk has invalid values");
        }
        else
        {
            _sawImageHeader = true;
            _size = new MediaMeasurements((int)width, (int)height);
            ReadChunkHeader(skip: CrcLength);
        }
    }

    private void ReadChunkHeader(long skip)
    {
        _step = Step.ChunkHeader;
        Next(skip, ChunkHeaderLength);
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type) => !type.ContainsAnyExcept(AsciiLetters);

    private static bool IsValidDepth(byte colourType, byte bitDepth) => colourType switch
    {
        0 => bitDepth is 1 or 2 or 4 or 8 or 16,
        3 => bitDepth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => bitDepth is 8 or 16,
        _ => false,
    };
}
