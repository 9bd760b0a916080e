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
        await Deferral().RunAsync("story-jobs", _message, Fails(TimeSpan.FromSeconds(27)), CancellationToken.None); // no throw

        var later = _message with { Deferrals = 1 };
        _queue.Verify(q => q.EnqueueLaterAsync("story-jobs", later, TimeSpan.FromSeconds(27), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_failure_without_a_time_to_come_back_is_left_to_the_queue_retries()
    {
        await Assert.ThrowsAsync<RetryableJobException>(() => Deferral().RunAsync("story-jobs", _message, Fails(null), CancellationToken.None));

        NothingSent();
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(0, 0)] // 0 turns deferral off
    public async Task A_job_put_off_the_maximum_number_of_times_is_left_to_the_queue_retries(int maxDeferrals, int deferralsSoFar)
    {
        var message = _message with { Deferrals = deferralsSoFar };

        await Assert.ThrowsAsync<RetryableJobException>(() =>
            Deferral(maxDeferrals).RunAsync("story-jobs", message, Fails(TimeSpan.FromSeconds(5)), CancellationToken.None));

        NothingSent();
    }

    [Fact]
    public async Task The_last_allowed_deferral_is_still_taken()
    {
        await Deferral(maxDeferrals: 3).RunAsync("story-jobs", _message with { Deferrals = 2 }, Fails(TimeSpan.FromSeconds(5)), CancellationToken.None);

        _queue.Verify(q => q.EnqueueLaterAsync("story-jobs", It.Is<JobMessage>(m => m.Deferrals == 3), TimeSpan.FromSeconds(5), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Work_that_succeeds_sends_nothing()
    {
        await Deferral().RunAsync("story-jobs", _message, () => Task.CompletedTask, CancellationToken.None);

        NothingSent();
    }

    [Theory]
    [InlineData(3600, 300)] // a provider asking for an hour is asked again after the longest deferral
    [InlineData(0.2, 1)]    // never sooner than a second: a message sent back at once would spin
    public async Task The_delay_is_kept_between_one_second_and_the_longest_deferral(double askedSeconds, double usedSeconds)
    {
        await Deferral().RunAsync("upload-jobs", _message, Fails(TimeSpan.FromSeconds(askedSeconds)), CancellationToken.None);

        _queue.Verify(q => q.EnqueueLaterAsync("upload-jobs", It.IsAny<JobMessage>(), TimeSpan.FromSeconds(usedSeconds), It.IsAny<CancellationToken>()), Times.Once);
    }

    private static Func<Task> Fails(TimeSpan? retryAfter) =>
        () => throw new RetryableJobException("writer_circuit_open", "Paused.", retryAfter);

    private void NothingSent() =>
        _queue.Verify(q => q.EnqueueLaterAsync(It.IsAny<string>(), It.IsAny<JobMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);

    private JobDeferral Deferral(int maxDeferrals = 10) =>
        new(_queue.Object, Options.Create(new JobsOptions { MaxDeferrals = maxDeferrals, MaxDeferral = TimeSpan.FromMinutes(5) }), NullLogger<JobDeferral>.Instance);
}
