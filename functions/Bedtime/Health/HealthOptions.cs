using System.ComponentModel.DataAnnotations;

namespace Bedtime.Health;

public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Each dependency check gives up after this long and counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
