using System.Text;

namespace Bedtime.Uploads;

/// <summary>Turns a client-supplied file name into a safe display name. It never names a blob or a path.</summary>
public static class FileNames
{
    public const int MaxLength = 100;
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string ForDisplay(string? supplied)
    {
        if (string.IsNullOrWhiteSpace(supplied)) return "upload";
        // Keep only the last path segment, whichever separator the client used.
        var name = supplied.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is '<' or '>' or ':' or '"' or '|' or '?' or '*' || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format)
                continue;
            clean.Append(rune.ToString());
        }
        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0 || result is "." or "..") return "upload";
        var stem = result.Split('.')[0];
        if (Reserved.Contains(stem)) result = "_" + result;
        if (result.Length > MaxLength)
        {
            var extension = Path.GetExtension(result);
            if (extension.Length > 10) extension = "";
            result = result[..(MaxLength - extension.Length)].TrimEnd() + extension;
        }
        return result;
    }
}
