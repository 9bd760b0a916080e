using System.ComponentModel.DataAnnotations;

namespace Bedtime.Jobs.Sweeping;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// A job not updated for this long is considered dead: working stories and uploads fail with <c>timeout</c>.
    /// Longer than any step's own timeout plus the queue's retry delays, so live work is never swept.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
