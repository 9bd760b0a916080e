using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>WAV: a RIFF "WAVE" with a plausible "fmt " chunk before its "data" chunk; it lasts its data bytes over the byte rate.</summary>
internal sealed class WavWalker() : RiffWalker("WAV recording", Signatures.Wave)
{
    private const int FormatLength = 16;

    // PCM, Microsoft ADPCM, IEEE float, A-law, µ-law, IMA ADPCM, and the extensible wrapper around them.
    private static readonly ushort[] KnownEncodings = [0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0011, 0xFFFE];

    private bool _sawFormat;
    private bool _sawData;
    private uint _byteRate;
    private long _dataBytes;

    public override MediaMeasurements? Measurements =>
        _sawData && _byteRate > 0 ? new MediaMeasurements(DurationSeconds: _dataBytes / (double)_byteRate) : null;

    protected override int OnChunk(ReadOnlySpan<byte> id, uint size, bool first)
    {
        if (id.SequenceEqual(Signatures.WaveFormat))
        {
            if (_sawFormat || size < FormatLength)
            {
                Fail("its format chunk is invalid");
                return 0;
            }

            return FormatLength;
        }

        if (id.SequenceEqual(Signatures.WaveData))
        {
            if (!_sawFormat)
            {
                Fail("its audio data comes before the format chunk");
            }

            _sawData = true;
            _dataBytes += size;
        }

        return 0;
    }

    protected override void OnChunkStart(ReadOnlySpan<byte> id, ReadOnlySpan<byte> body)
    {
        var encoding = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        var byteRate = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        var bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (Array.IndexOf(KnownEncodings, encoding) < 0)
        {
            Fail($"it uses an unknown audio encoding ({encoding})");
        }
        else if (channels is 0 or > 32 || sampleRate is < 1000 or > 768_000 || byteRate == 0 || blockAlign == 0 || bitsPerSample > 64)
        {
            Fail("its format chunk has implausible values");
        }

        _sawFormat = true;
        _byteRate = byteRate;
    }

    protected override string? MissingAtEnd() =>
        !_sawFormat ? "it has no format chunk" : !_sawData ? "it has no audio data" : null;
}
