using System.Globalization;
using System.Text.RegularExpressions;

namespace Bedtime.Backups;

/// <summary>
/// A backup's identity: the UTC second it started. In routes it is <c>yyyyMMdd-HHmmss</c>; in Blob storage its files
/// live under <c>yyyy/MM/dd/HHmmss/</c>. Ids are always made by the server; anything else is refused before any lookup.
/// </summary>
public readonly partial record struct BackupId(DateTimeOffset StartedAt)
{
    private const string IdFormat = "yyyyMMdd'-'HHmmss";
    private const string PathFormat = "yyyy'/'MM'/'dd'/'HHmmss";

    public static BackupId At(DateTimeOffset time) =>
        new(new DateTimeOffset(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero));

    public string Value => StartedAt.ToString(IdFormat, CultureInfo.InvariantCulture);

    /// <summary>The blob-name prefix of the backup's files, without the trailing slash.</summary>
    public string Path => StartedAt.ToString(PathFormat, CultureInfo.InvariantCulture);

    public string BlobName(string file) => $"{Path}/{file}";

    public BackupId Next() => new(StartedAt.AddSeconds(1));

    public override string ToString() => Value;

    public static bool TryParse(string? value, out BackupId id) => TryParseExact(value, IdShape(), IdFormat, out id);

    /// <summary>Reads the backup a blob belongs to from its name (<c>yyyy/MM/dd/HHmmss/file</c>); false for any other blob.</summary>
    public static bool TryParseBlobName(string name, out BackupId id, out string file)
    {
        file = "";
        var match = BlobNameShape().Match(name);
        if (!match.Success || !TryParseExact(match.Groups["path"].Value, PathShape(), PathFormat, out id))
        {
            id = default;
            return false;
        }
        file = match.Groups["file"].Value;
        return true;
    }

    private static bool TryParseExact(string? value, Regex shape, string format, out BackupId id)
    {
        id = default;
        if (value is null || !shape.IsMatch(value)) return false;
        if (!DateTimeOffset.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return false;
        id = new BackupId(time);
        return true;
    }

    [GeneratedRegex(@"^[0-9]{8}-[0-9]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();

    [GeneratedRegex(@"^[0-9]{4}/[0-9]{2}/[0-9]{2}/[0-9]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathShape();

    [GeneratedRegex(@"^(?<path>[0-9]{4}/[0-9]{2}/[0-9]{2}/[0-9]{6})/(?<file>[a-z0-9.-]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex BlobNameShape();
}
