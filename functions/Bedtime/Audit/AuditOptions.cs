using System.ComponentModel.DataAnnotations;

namespace Bedtime.Audit;

public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How long an entry is kept (Cosmos DB TTL); a year covers the usual look-back of an incident review.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 365;

    /// <summary>The widest time range one listing may ask for (each day is its own partition).</summary>
    [Range(1, 366)]
    public int MaxRangeDays { get; set; } = 31;
}
