namespace Bedtime.Uploads.Formats;

/// <summary>Where a UTF-8 byte run may be cut without splitting a character.</summary>
internal static class Utf8Boundary
{
    /// <summary>
    /// The length of <paramref name="bytes"/> without a multi-byte sequence that starts near the end but is not
    /// finished yet (its remaining bytes are still to come). Invalid bytes are left in, for the validator to refuse.
    /// </summary>
    public static int CompleteLength(ReadOnlySpan<byte> bytes)
    {
        for (var i = bytes.Length - 1; i >= 0 && i >= bytes.Length - 3; i--)
        {
            if (IsContinuation(bytes[i]))
            {
                continue;
            }

            return SequenceLength(bytes[i]) > bytes.Length - i ? i : bytes.Length;
        }

        return bytes.Length;
    }

    /// <summary>How many bytes a sequence starting with <paramref name="lead"/> has; 1 for ASCII and for bytes that can't lead.</summary>
    public static int SequenceLength(byte lead) => lead switch
    {
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 1,
    };

    private static bool IsContinuation(byte value) => (value & 0xC0) == 0x80;
}
