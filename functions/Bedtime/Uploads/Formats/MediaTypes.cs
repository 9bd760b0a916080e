namespace Bedtime.Uploads.Formats;

/// <summary>The media types uploads are stored under, and the aliases browsers and phones declare for them.</summary>
internal static class MediaTypes
{
    public const string PlainText = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";
    public const string Wav = "audio/wav";
    public const string Mpeg = "audio/mpeg";
    public const string Ogg = "audio/ogg";
    public const string OctetStream = "application/octet-stream";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["image/jpg"] = Jpeg,
        ["image/pjpeg"] = Jpeg,
        ["image/x-png"] = Png,
        ["audio/mp3"] = Mpeg,
        ["audio/x-mp3"] = Mpeg,
        ["audio/mpeg3"] = Mpeg,
        ["audio/x-mpeg"] = Mpeg,
        ["audio/x-wav"] = Wav,
        ["audio/wave"] = Wav,
        ["audio/vnd.wave"] = Wav,
        ["application/ogg"] = Ogg,
        ["audio/x-ogg"] = Ogg,
        ["audio/vorbis"] = Ogg,
        ["audio/opus"] = Ogg,
        ["text/x-markdown"] = Markdown,
    };

    /// <summary>The canonical form of a declared type: lower case, parameters (charset…) dropped, aliases resolved; null when blank.</summary>
    public static string? Normalise(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return null;
        }

        var semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        var essence = (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim().ToLowerInvariant();
        if (essence.Length == 0)
        {
            return null;
        }

        return Aliases.GetValueOrDefault(essence, essence);
    }

    public static bool IsText(string? mediaType) => mediaType is PlainText or Markdown;
}
