using Bedtime.Uploads.Formats;

namespace Bedtime.Stories.Narration;

/// <summary>
/// The length of MP3 audio the narrators produce: nothing but MPEG audio frames one after the other (no tags, no
/// Xing header), so its duration is the frames' samples, and files of one stream join by concatenation.
/// </summary>
internal static class Mp3Frames
{
    /// <returns>Seconds of audio; null when the file is not frames only, or has none.</returns>
    public static double? Duration(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> header = stackalloc byte[MpegAudioFrameHeader.Length];
        MpegAudioFrameHeader? first = null;
        long samples = 0;
        while (file.Position < file.Length)
        {
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return null;
            if (!MpegAudioFrameHeader.TryParse(header, out var frame) || (first is { } stream && !frame.SameStreamAs(stream))) return null;
            if (file.Position - header.Length + frame.FrameLength > file.Length) return null;
            first ??= frame;
            samples += frame.SamplesPerFrame;
            file.Seek(frame.FrameLength - header.Length, SeekOrigin.Current);
        }
        return first is { } format ? (double)samples / format.SampleRate : null;
    }
}
