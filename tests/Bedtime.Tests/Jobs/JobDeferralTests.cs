using Bedtime.Jobs;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bedtime.Tests.Jobs;

public sealed class JobDeferralTests
{
    private readonly Mock<IJobQueue> _queue = new();
    private readonly JobMessage _message = JobMessage.Create("story-1", "owner-1", "story", new FakeTimeProvider());

    [Fact]
    public async Task A_failure_that_says_when_to_come_back_sends_the_job_again_invisible_until_then_and_counts_the_deferral()
    {
        var deferral = Deferral();
        var failure = new RetryableJobException("writer_circuit_open", "Paused.", TimeSpan.FromSeconds(27));

        Assert.True(deferral.CanDefer(_message, failure));
        await deferral.DeferAsync("story-jobs", _message, failure, CancellationToken.None);

        var later = _message with { Deferrals = 1 };
        _queue.Verify(q => q.EnqueueLaterAsync("story-jobs", later, TimeSpan.FromSeconds(27), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void A_failure_without_a_time_to_come_back_is_left_to_the_queue_retries() =>
        Assert.False(Deferral().CanDefer(_message, new RetryableJobException("writer_timeout", "No answer.")));

    [Fact]
    public void A_job_put_off_the_maximum_number_of_times_is_left_to_the_queue_retries()
    {
        var failure = new RetryableJobException("writer_circuit_open", "Paused.", TimeSpan.FromSeconds(5));

        Assert.True(Deferral(maxDeferrals: 3).CanDefer(_message with { Deferrals = 2 }, failure));
        Assert.False(Deferral(maxDeferrals: 3).CanDefer(_message with { Deferrals = 3 }, failure));
        Assert.False(Deferral(maxDeferrals: 0).CanDefer(_message, failure));
    }

    [Theory]
    [InlineData(3600, 300)] // a provider asking for an hour is asked again after the longest deferral
    [InlineData(0.2, 1)]    // never sooner than a second: a message sent back at once would spin
    public async Task The_delay_is_kept_between_one_second_and_the_longest_deferral(double askedSeconds, double usedSeconds)
    {
        await Deferral().DeferAsync("upload-jobs", _message, new RetryableJobException("throttled", "429", TimeSpan.FromSeconds(askedSeconds)), CancellationToken.None);

        _queue.Verify(q => q.EnqueueLaterAsync("upload-jobs", It.IsAny<JobMessage>(), TimeSpan.FromSeconds(usedSeconds), It.IsAny<CancellationToken>()), Times.Once);
    }

    private JobDeferral Deferral(int maxDeferrals = 10) =>
        new(_queue.Object, Options.Create(new JobsOptions { MaxDeferrals = maxDeferrals, MaxDeferral = TimeSpan.FromMinutes(5) }), NullLogger<JobDeferral>.Instance);
}
