namespace Bedtime.Uploads.Formats;

/// <summary>The four bytes in front of every MPEG audio (MP3) frame, and the arithmetic that follows from them.</summary>
/// <param name="Version">1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5.</param>
/// <param name="Layer">1, 2 or 3.</param>
internal readonly record struct MpegAudioFrameHeader(int Version, int Layer, int BitrateKbps, int SampleRate, bool Padded, bool Mono)
{
    public const int Length = 4;

    // Index 0 is "free format" and 15 is invalid; both are refused because the frame length can't be computed.
    private static readonly short[] Mpeg1Layer1 = [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
    private static readonly short[] Mpeg1Layer2 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly short[] Mpeg1Layer3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly short[] Mpeg2Layer1 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
    private static readonly short[] Mpeg2Layer23 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[] Mpeg1SampleRates = [44100, 48000, 32000];

    public int SamplesPerFrame => Layer switch
    {
        1 => 384,
        2 => 1152,
        _ => Version == 1 ? 1152 : 576,
    };

    /// <summary>Bytes from this header to the next one.</summary>
    public int FrameLength => Layer == 1
        ? (12 * BitrateKbps * 1000 / SampleRate + (Padded ? 1 : 0)) * 4
        : SamplesPerFrame / 8 * BitrateKbps * 1000 / SampleRate + (Padded ? 1 : 0);

    /// <summary>Where a Xing/Info header would start, counted from the frame header: after the Layer III side information.</summary>
    public int SideInformationEnd => Length + (Version == 1 ? (Mono ? 17 : 32) : (Mono ? 9 : 17));

    public bool SameStreamAs(MpegAudioFrameHeader other) =>
        Version == other.Version && Layer == other.Layer && SampleRate == other.SampleRate;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out MpegAudioFrameHeader header)
    {
        header = default;
        if (bytes.Length < Length || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        var version = ((bytes[1] >> 3) & 3) switch { 0 => 25, 2 => 2, 3 => 1, _ => 0 };
        var layer = ((bytes[1] >> 1) & 3) switch { 1 => 3, 2 => 2, 3 => 1, _ => 0 };
        var bitrateIndex = bytes[2] >> 4;
        var sampleRateIndex = (bytes[2] >> 2) & 3;
        var emphasis = bytes[3] & 3;
        if (version == 0 || layer == 0 || bitrateIndex is 0 or 15 || sampleRateIndex == 3 || emphasis == 2)
        {
            return false;
        }

        var bitrates = (version, layer) switch
        {
            (1, 1) => Mpeg1Layer1,
            (1, 2) => Mpeg1Layer2,
            (1, 3) => Mpeg1Layer3,
            (_, 1) => Mpeg2Layer1,
            _ => Mpeg2Layer23,
        };
        var sampleRate = Mpeg1SampleRates[sampleRateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
        header = new MpegAudioFrameHeader(
            version, layer, bitrates[bitrateIndex], sampleRate, Padded: (bytes[2] & 0x02) != 0, Mono: bytes[3] >> 6 == 3);
        return true;
    }
}
