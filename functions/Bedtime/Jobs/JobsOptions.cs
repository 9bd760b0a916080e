using System.ComponentModel.DataAnnotations;

namespace Bedtime.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// A job not updated for this long is considered dead: working stories and uploads fail with <c>timeout</c>.
    /// Longer than any step's own timeout plus the queue's retry delays, so live work is never swept.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often one job may be put off because a provider said when to come back (an open circuit, a long
    /// Retry-After) before its failures count against the queue's <c>maxDequeueCount</c> again: with the providers'
    /// 30-second circuit breaks, about three minutes of outage. 0 turns deferral off.
    /// </summary>
    [Range(0, 100)]
    public int MaxDeferrals { get; set; } = 6;

    /// <summary>The longest a job is put off at once, whatever the provider asked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxDeferral { get; set; } = TimeSpan.FromMinutes(5);
}
