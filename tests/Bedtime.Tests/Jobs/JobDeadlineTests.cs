using Bedtime.Jobs;

namespace Bedtime.Tests.Jobs;

public class JobDeadlineTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 12, 3, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_stored_deadline_is_the_deadline() =>
        Assert.Equal(Accepted.AddMinutes(5), JobDeadline.Of(Accepted.AddMinutes(5), Accepted, new JobsOptions()));

    [Fact]
    public void A_job_stored_without_one_has_its_acceptance_plus_the_retry_budget() =>
        Assert.Equal(Accepted.AddMinutes(45), JobDeadline.Of(null, Accepted, new JobsOptions { RetryBudget = TimeSpan.FromMinutes(45) }));

    [Theory]
    [InlineData(1, 60, false)]  // the first attempt is always made, even after a long backlog
    [InlineData(2, -1, false)]  // a retry before the deadline goes ahead
    [InlineData(2, 0, true)]    // a retry at the deadline fails the job
    [InlineData(7, 60, true)]
    public void Only_a_retry_at_or_after_the_deadline_has_expired(long attempt, int secondsPastDeadline, bool expired) =>
        Assert.Equal(expired, JobDeadline.Expired(Accepted, attempt, Accepted.AddSeconds(secondsPastDeadline)));

    [Fact]
    public void The_message_carries_the_last_failure_when_there_was_one()
    {
        Assert.Contains("Azure OpenAI answered 503.", JobDeadline.Message("Azure OpenAI answered 503."), StringComparison.Ordinal);
        Assert.Contains("retry deadline", JobDeadline.Message(null), StringComparison.Ordinal);
    }
}
