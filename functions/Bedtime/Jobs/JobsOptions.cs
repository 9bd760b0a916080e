using System.ComponentModel.DataAnnotations;

namespace Bedtime.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// A job not updated for this long is stale: the sweeper queues a queued story again once, and fails stale jobs
    /// past their retry deadline. Longer than any step's own timeout plus the longest deferral, so live work is never swept.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after acceptance a job keeps being retried when it fails for reasons that are not its own (a provider,
    /// Cosmos DB or storage unreachable, slow or throttling): it is put off and tried again until then, whatever the
    /// number of deliveries; a retry after this deadline fails it with <c>deadline_exceeded</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest a job is put off at once, whatever the provider asked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxDeferral { get; set; } = TimeSpan.FromMinutes(5);
}
