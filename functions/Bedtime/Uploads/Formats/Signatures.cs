namespace Bedtime.Uploads.Formats;

/// <summary>A format recognised by its first bytes that uploads never accept, and the reason a parent is shown.</summary>
internal sealed record ForeignSignature(byte[] Magic, string Reason, int Offset = 0);

/// <summary>Every magic number and marker the upload code recognises, in one place.</summary>
internal static class Signatures
{
    // Allowed formats.
    public static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    public static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    public static ReadOnlySpan<byte> Gif87a => "GIF87a"u8;
    public static ReadOnlySpan<byte> Gif89a => "GIF89a"u8;
    public static ReadOnlySpan<byte> Riff => "RIFF"u8;
    public static ReadOnlySpan<byte> WebP => "WEBP"u8;
    public static ReadOnlySpan<byte> Wave => "WAVE"u8;
    public static ReadOnlySpan<byte> Ogg => "OggS"u8;
    public static ReadOnlySpan<byte> Id3v2 => "ID3"u8;
    public static ReadOnlySpan<byte> Id3v1 => "TAG"u8;
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    // Structure inside the allowed formats.
    public static ReadOnlySpan<byte> PngHeader => "IHDR"u8;
    public static ReadOnlySpan<byte> PngData => "IDAT"u8;
    public static ReadOnlySpan<byte> PngEnd => "IEND"u8;
    public static ReadOnlySpan<byte> WebPLossy => "VP8 "u8;
    public static ReadOnlySpan<byte> WebPLossless => "VP8L"u8;
    public static ReadOnlySpan<byte> WebPExtended => "VP8X"u8;
    public static ReadOnlySpan<byte> Vp8StartCode => [0x9D, 0x01, 0x2A];
    public const byte Vp8LSignature = 0x2F;
    public static ReadOnlySpan<byte> WaveFormat => "fmt "u8;
    public static ReadOnlySpan<byte> WaveData => "data"u8;
    public static ReadOnlySpan<byte> VorbisIdentification => "\u0001vorbis"u8;
    public static ReadOnlySpan<byte> OpusHead => "OpusHead"u8;
    public static ReadOnlySpan<byte> Xing => "Xing"u8;
    public static ReadOnlySpan<byte> XingInfo => "Info"u8;
    public static ReadOnlySpan<byte> Vbri => "VBRI"u8;

    // Other formats' markers looked for anywhere in an upload (polyglots).
    public static ReadOnlySpan<byte> ZipLocalFile => [0x50, 0x4B, 0x03, 0x04];
    public static ReadOnlySpan<byte> ZipEndOfCentralDirectory => [0x50, 0x4B, 0x05, 0x06];
    public static ReadOnlySpan<byte> ScriptTag => "<script"u8;
    public static ReadOnlySpan<byte> HtmlTag => "<html"u8;
    public static ReadOnlySpan<byte> PdfHeader => "%PDF-"u8;

    // UTF-16 byte order marks (little- and big-endian).
    public static ReadOnlySpan<byte> Utf16LittleEndianBom => [0xFF, 0xFE];
    public static ReadOnlySpan<byte> Utf16BigEndianBom => [0xFE, 0xFF];

    // "MZ" needs a second look (a text may start with those letters), so it is not in the table below.
    public static ReadOnlySpan<byte> DosExecutable => "MZ"u8;

    /// <summary>Formats rejected outright when an upload starts with them.</summary>
    public static IReadOnlyList<ForeignSignature> Foreign { get; } =
    [
        new([0x7F, 0x45, 0x4C, 0x46], "Linux executables (ELF) are not accepted."),
        new([0xFE, 0xED, 0xFA, 0xCE], "macOS executables (Mach-O) are not accepted."),
        new([0xCE, 0xFA, 0xED, 0xFE], "macOS executables (Mach-O) are not accepted."),
        new([0xFE, 0xED, 0xFA, 0xCF], "macOS executables (Mach-O) are not accepted."),
        new([0xCF, 0xFA, 0xED, 0xFE], "macOS executables (Mach-O) are not accepted."),
        new([0xCA, 0xFE, 0xBA, 0xBE], "macOS universal executables and Java class files are not accepted."),
        new([0x00, 0x61, 0x73, 0x6D], "WebAssembly modules are not accepted."),
        new("#!"u8.ToArray(), "Scripts (files starting with #!) are not accepted."),
        new([0x50, 0x4B, 0x03, 0x04], "ZIP archives are not accepted (nor documents built on them, such as .docx)."),
        new([0x50, 0x4B, 0x05, 0x06], "ZIP archives are not accepted (nor documents built on them, such as .docx)."),
        new([0x50, 0x4B, 0x07, 0x08], "ZIP archives are not accepted (nor documents built on them, such as .docx)."),
        new([0x1F, 0x8B], "gzip archives are not accepted."),
        new([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7-Zip archives are not accepted."),
        new([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07], "RAR archives are not accepted."),
        new([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "XZ archives are not accepted."),
        new("%PDF"u8.ToArray(), "PDF documents are not accepted."),
        new([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "Old Microsoft Office documents are not accepted."),
        new(@"{\rtf"u8.ToArray(), "RTF documents are not accepted."),
        new("%!PS"u8.ToArray(), "PostScript files are not accepted."),
        new([0x49, 0x49, 0x2A, 0x00], "TIFF images are not accepted; please send a PNG or JPEG picture."),
        new([0x4D, 0x4D, 0x00, 0x2A], "TIFF images are not accepted; please send a PNG or JPEG picture."),
        new("ftyp"u8.ToArray(), "MP4-family files (videos, M4A audio, HEIC or AVIF photos) are not accepted; please send a JPEG or PNG picture, or an MP3 recording.", Offset: 4),
        new("fLaC"u8.ToArray(), "FLAC audio is not accepted; please send an MP3, WAV or OGG recording."),
        new([0x1A, 0x45, 0xDF, 0xA3], "WebM and Matroska files are not accepted."),
    ];
}
