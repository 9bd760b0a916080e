using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>GIF: header and logical screen, then extension and image blocks (each a chain of sub-blocks) up to the trailer.</summary>
internal sealed class GifWalker() : StructureWalker("GIF image", bufferSize: 13, firstRead: 13)
{
    private const byte ExtensionIntroducer = 0x21;
    private const byte ImageSeparator = 0x2C;
    private const byte Trailer = 0x3B;
    private const int ImageDescriptorLength = 9;

    private enum Step { Header, Block, ExtensionLabel, ImageDescriptor, CodeSize, SubBlockSize }

    private Step _step;
    private bool _sawImage;
    private MediaMeasurements? _size;

    public override MediaMeasurements? Measurements => _size;

    protected override void OnRead(ReadOnlySpan<byte> bytes)
    {
        switch (_step)
        {
            case Step.Header:
                OnHeader(bytes);
                break;
            case Step.Block:
                OnBlock(bytes[0]);
                break;
            case Step.ExtensionLabel:
                ReadSubBlocks();
                break;
            case Step.ImageDescriptor:
                OnImageDescriptor(bytes);
                break;
            case Step.CodeSize when bytes[0] is >= 1 and <= 11:
                ReadSubBlocks();
                break;
            case Step.CodeSize:
                Fail("an image has an invalid code size");
                break;
            case Step.SubBlockSize when bytes[0] == 0:
                ReadBlock(skip: 0);
                break;
            case Step.SubBlockSize:
                Next(bytes[0], 1);
                break;
        }
    }

    private void OnHeader(ReadOnlySpan<byte> header)
    {
        var width = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        var height = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (!header.StartsWith(Signatures.Gif87a) && !header.StartsWith(Signatures.Gif89a))
        {
            Fail("its signature is wrong");
        }
        else if (width is 0 or > MaxDimension || height is 0 or > MaxDimension)
        {
            Fail($"it claims an implausible size of {width}×{height}");
        }
        else
        {
            _size = new MediaMeasurements(width, height);
            ReadBlock(skip: ColourTableLength(header[10]));
        }
    }

    private void OnBlock(byte introducer)
    {
        switch (introducer)
        {
            case ExtensionIntroducer:
                _step = Step.ExtensionLabel;
                Next(0, 1);
                break;
            case ImageSeparator:
                _step = Step.ImageDescriptor;
                Next(0, ImageDescriptorLength);
                break;
            case Trailer when _sawImage:
                EndAfter(0);
                break;
            case Trailer:
                Fail("it has no image");
                break;
            default:
                Fail("an unknown block follows the image data");
                break;
        }
    }

    private void OnImageDescriptor(ReadOnlySpan<byte> descriptor)
    {
        var width = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[4..]);
        var height = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[6..]);
        if (width > MaxDimension || height > MaxDimension)
        {
            Fail($"an image claims an implausible size of {width}×{height}");
            return;
        }

        _sawImage = true;
        _step = Step.CodeSize;
        Next(ColourTableLength(descriptor[8]), 1);
    }

    private void ReadBlock(long skip)
    {
        _step = Step.Block;
        Next(skip, 1);
    }

    private void ReadSubBlocks()
    {
        _step = Step.SubBlockSize;
        Next(0, 1);
    }

    // The packed field's top bit says a colour table follows; its low three bits give 2^(n+1) RGB entries.
    private static int ColourTableLength(byte packed) => (packed & 0x80) == 0 ? 0 : 3 << ((packed & 0x07) + 1);
}
