using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection;

/// <summary>Byte-level facts about text that the inspector needs before it knows whether an upload is text.</summary>
internal static class TextEncoding
{
    /// <summary>A UTF-16 byte order mark followed by what looks like a UTF-16 ASCII character (one zero byte).</summary>
    public static bool IsUtf16(ReadOnlySpan<byte> head) =>
        head.Length >= 4
        && ((head.StartsWith(Signatures.Utf16LittleEndianBom) && head[3] == 0)
            || (head.StartsWith(Signatures.Utf16BigEndianBom) && head[2] == 0));

    /// <summary>
    /// Whether bytes read as text gone wrong (a stray NUL, a Windows-1252 "é") rather than binary data: binary has
    /// control bytes everywhere (about one in nine), text has almost none.
    /// </summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        var controls = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not (byte)'\f')
            {
                controls++;
            }
        }

        return controls <= Math.Max(2, head.Length / 100);
    }
}
