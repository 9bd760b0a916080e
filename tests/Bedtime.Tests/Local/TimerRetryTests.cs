using Bedtime.Local.Timers;

namespace Bedtime.Tests.Local;

public class TimerRetryTests
{
    [Fact]
    public void An_exponential_back_off_doubles_from_the_minimum_and_stops_at_the_maximum()
    {
        var retry = new TimerRetry(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), Exponential: true);

        Assert.Equal([30, 60, 120, 240, 480, 900, 900], Enumerable.Range(1, 7).Select(n => retry.DelayBefore(n).TotalSeconds));
    }

    [Fact]
    public void A_fixed_delay_is_the_same_before_every_retry() =>
        Assert.All(Enumerable.Range(1, 4), n => Assert.Equal(TimeSpan.FromSeconds(7), new TimerRetry(4, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7), Exponential: false).DelayBefore(n)));

    [Theory]
    [InlineData(3, 2, true)]
    [InlineData(3, 3, false)]
    [InlineData(0, 0, false)]
    [InlineData(-1, 1000, true)] // -1: no limit
    public void The_policy_allows_as_many_retries_as_its_count(int maxRetryCount, int failedAttempt, bool allowed) =>
        Assert.Equal(allowed, new TimerRetry(maxRetryCount, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Exponential: false).Allows(failedAttempt));
}
