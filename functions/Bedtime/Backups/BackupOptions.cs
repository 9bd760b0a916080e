using System.ComponentModel.DataAnnotations;
using Bedtime.Platform;

namespace Bedtime.Backups;

public sealed class BackupOptions
{
    public const string Section = "Backups";

    /// <summary>Backups older than this are deleted after each run; the newest verified backup is always kept.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>The private blob container that holds the backups (and the lock blob of the timer).</summary>
    [Required, RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string Container { get; set; } = BlobContainers.Backups;

    /// <summary>Documents per page read from Cosmos DB: bounds the memory a backup holds at once.</summary>
    [Range(10, 10_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Documents written to Cosmos DB at the same time during a restore.</summary>
    [Range(1, 256)]
    public int RestoreConcurrency { get; set; } = 16;
}
