namespace Bedtime.Uploads.Inspection;

/// <summary>What a parent is told when an upload is refused (besides the per-format ones next to their signatures).</summary>
internal static class RejectionReasons
{
    public const string Empty = "The file is empty.";
    public const string WindowsExecutable = "Windows executables are not accepted.";
    public const string Utf16 = "Text saved as UTF-16 is not accepted; please save it as UTF-8.";
    public const string Unknown =
        "This kind of file is not accepted: only UTF-8 text, PNG, JPEG, GIF or WebP pictures, and WAV, MP3 or OGG recordings are.";
    public const string Nul = "The file contains NUL bytes, so it is not plain text.";
    public const string InvalidUtf8 = "The text is not valid UTF-8; please save it as UTF-8.";
    public const string ControlCharacters = "The text contains control characters that plain text does not use.";
    public const string Html = "HTML is not accepted (the text contains HTML or script tags).";
    public const string Svg = "SVG images are not accepted; please send a PNG or JPEG picture.";
    public const string Xml = "XML documents are not accepted.";

    public static string Polyglot(string format, string other) => $"The file claims to be {format} but also contains {other}.";
}
