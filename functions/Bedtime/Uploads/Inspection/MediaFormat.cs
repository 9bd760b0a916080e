using Bedtime.Uploads.Formats;
using Bedtime.Uploads.Inspection.Walkers;

namespace Bedtime.Uploads.Inspection;

/// <summary>An accepted image or audio format: how it is recognised from its first bytes and how its structure is walked.</summary>
internal sealed record MediaFormat(string Name, UploadKind Kind, string ContentType, Func<StructureWalker> CreateWalker)
{
    /// <summary>Bytes needed to tell the formats apart (RIFF forms are the longest at 12).</summary>
    public const int IdentifyingLength = 16;

    public static MediaFormat Png { get; } = new("PNG", UploadKind.Image, MediaTypes.Png, () => new PngWalker());
    public static MediaFormat Jpeg { get; } = new("JPEG", UploadKind.Image, MediaTypes.Jpeg, () => new JpegWalker());
    public static MediaFormat Gif { get; } = new("GIF", UploadKind.Image, MediaTypes.Gif, () => new GifWalker());
    public static MediaFormat WebP { get; } = new("WebP", UploadKind.Image, MediaTypes.WebP, () => new WebPWalker());
    public static MediaFormat Wav { get; } = new("WAV", UploadKind.Audio, MediaTypes.Wav, () => new WavWalker());
    public static MediaFormat Mp3 { get; } = new("MP3", UploadKind.Audio, MediaTypes.Mpeg, () => new Mp3Walker());
    public static MediaFormat Ogg { get; } = new("OGG", UploadKind.Audio, MediaTypes.Ogg, () => new OggWalker());

    private static readonly MediaFormat[] All = [Png, Jpeg, Gif, WebP, Wav, Mp3, Ogg];

    /// <summary>The format an inspection named by its media type, or null.</summary>
    public static MediaFormat? Of(string contentType) => Array.Find(All, format => format.ContentType == contentType);

    /// <summary>The format an upload's first bytes announce, or null (text, or something not accepted).</summary>
    public static MediaFormat? Identify(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Signatures.Png))
        {
            return Png;
        }

        if (head.StartsWith(Signatures.Jpeg))
        {
            return Jpeg;
        }

        if (head.StartsWith(Signatures.Gif87a) || head.StartsWith(Signatures.Gif89a))
        {
            return Gif;
        }

        if (head.Length >= 12 && head.StartsWith(Signatures.Riff))
        {
            var form = head[8..12];
            return form.SequenceEqual(Signatures.WebP) ? WebP : form.SequenceEqual(Signatures.Wave) ? Wav : null;
        }

        if (head.StartsWith(Signatures.Ogg))
        {
            return Ogg;
        }

        // "ID3" plus a version byte (a control character, so never text); or a bare frame header.
        // UTF-16 little-endian text starts FF FE, which can also parse as an MPEG-1 Layer I header: text wins.
        var id3 = head.Length > 3 && head.StartsWith(Signatures.Id3v2) && head[3] is >= 2 and <= 4;
        return id3 || (!TextEncoding.IsUtf16(head) && MpegAudioFrameHeader.TryParse(head, out _)) ? Mp3 : null;
    }
}
