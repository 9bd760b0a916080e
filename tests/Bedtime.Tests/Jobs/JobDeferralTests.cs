using System.Net;
using Bedtime.Jobs;
using Bedtime.Tests.TestSupport;
using Microsoft.Azure.Cosmos;
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

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 8)]
    [InlineData(40, 300)] // at most the longest deferral, however often it was put off already
    public async Task A_failure_without_a_time_to_come_back_is_put_off_for_a_second_doubling_with_each_deferral(int deferralsSoFar, double seconds)
    {
        await Deferral().RunAsync("story-jobs", _message with { Deferrals = deferralsSoFar }, Fails(null), CancellationToken.None);

        _queue.Verify(q => q.EnqueueLaterAsync("story-jobs", It.Is<JobMessage>(m => m.Deferrals == deferralsSoFar + 1), TimeSpan.FromSeconds(seconds), It.IsAny<CancellationToken>()), Times.Once);
    }

    public static TheoryData<Exception> Outages() => new()
    {
        new CosmosException("Service Unavailable", HttpStatusCode.ServiceUnavailable, 0, "", 0),
        new CosmosException("Too Many Requests", HttpStatusCode.TooManyRequests, 0, "", 0),
        new Azure.RequestFailedException(0, "Connection refused"),
        new Azure.RequestFailedException(503, "Server Busy"),
        new HttpRequestException("Connection refused"),
        new TimeoutException("The operation timed out."),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task A_dependency_that_is_unreachable_slow_or_throttling_puts_the_job_off_instead_of_using_up_a_delivery(Exception outage)
    {
        await Deferral().RunAsync("upload-jobs", _message, () => throw outage, CancellationToken.None); // no throw

        _queue.Verify(q => q.EnqueueLaterAsync("upload-jobs", It.Is<JobMessage>(m => m.Deferrals == 1), TimeSpan.FromSeconds(1), It.IsAny<CancellationToken>()), Times.Once);
    }

    public static TheoryData<Exception> NotTransient() => new()
    {
        new InvalidOperationException("a bug"),
        new CosmosException("Bad Request", HttpStatusCode.BadRequest, 0, "", 0),
        new Azure.RequestFailedException(403, "Forbidden"),
    };

    [Theory]
    [MemberData(nameof(NotTransient))]
    public async Task A_failure_that_is_not_transient_fails_the_delivery(Exception failure)
    {
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Deferral().RunAsync("story-jobs", _message, () => throw failure, CancellationToken.None));

        Assert.Same(failure, thrown);
        NothingSent();
    }

    [Fact]
    public async Task A_cancelled_run_is_not_put_off()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<RetryableJobException>(() => Deferral().RunAsync("story-jobs", _message, Fails(null), cancelled.Token));

        NothingSent();
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

    private JobDeferral Deferral() =>
        new(_queue.Object, Options.Create(new JobsOptions { MaxDeferral = TimeSpan.FromMinutes(5) }), NullLogger<JobDeferral>.Instance);
}
