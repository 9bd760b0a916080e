using System.Diagnostics;
using Bedtime.Jobs;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Platform;

public sealed class JobMessageTests
{
    [Fact]
    public void A_message_carries_the_current_traceparent_and_round_trips_through_JSON()
    {
        using var activity = new Activity("http").SetIdFormat(ActivityIdFormat.W3C).Start();
        var clock = new FakeTimeProvider();

        var message = JobMessage.Create("job-1", "owner-1", "story", clock);
        var parsed = JobMessage.TryParse(message.ToJson());

        Assert.Equal(message, parsed);
        Assert.Equal(activity.TraceId, parsed!.ParentContext.TraceId);
        Assert.Equal(clock.GetUtcNow(), parsed.EnqueuedAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"jobId":"","ownerId":"o","kind":"story","traceparent":null,"enqueuedAt":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"jobId":"j","ownerId":"o","kind":"story","traceparent":null,"enqueuedAt":"2026-01-01T00:00:00Z","extra":1}""")]
    public void Anything_else_is_not_a_job_message(string text) => Assert.Null(JobMessage.TryParse(text));
}
