namespace Bedtime.Jobs;

/// <summary>
/// A job's retry deadline: its acceptance plus <see cref="JobsOptions.RetryBudget"/>, stored on the story or upload
/// when it is accepted and shown in its resource. Failures that are not the job's own are retried until then (see
/// <see cref="JobDeferral"/>); a retry that starts after it fails the job with <see cref="Code"/>.
/// </summary>
public static class JobDeadline
{
    public const string Code = "deadline_exceeded";

    /// <summary>The deadline stored on the job, or for jobs stored before deadlines existed, acceptance plus the budget.</summary>
    public static DateTimeOffset Of(DateTimeOffset? stored, DateTimeOffset acceptedAt, JobsOptions options) =>
        stored ?? acceptedAt + options.RetryBudget;

    /// <summary>Whether an attempt (1 is the first delivery) is a retry that starts at or after the deadline.</summary>
    public static bool Expired(DateTimeOffset deadline, long attempt, DateTimeOffset now) => attempt > 1 && now >= deadline;

    public static string Message(string? lastFailure) => lastFailure is null
        ? "It could not be finished before its retry deadline."
        : $"It could not be finished before its retry deadline; the last failure was: {lastFailure}";
}
