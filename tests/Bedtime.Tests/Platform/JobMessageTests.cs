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

    [Fact]
    public void An_ordinary_message_is_written_without_a_deferral_count_so_the_previous_version_can_still_read_it()
    {
        var message = JobMessage.Create("job-1", "owner-1", "story", new FakeTimeProvider());

        Assert.DoesNotContain("deferrals", message.ToJson(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, JobMessage.TryParse(message.ToJson())!.Deferrals);
    }

    [Fact]
    public void A_deferred_message_carries_its_deferral_count()
    {
        var message = JobMessage.Create("job-1", "owner-1", "story", new FakeTimeProvider()) with { Deferrals = 3 };

        Assert.Equal(3, JobMessage.TryParse(message.ToJson())!.Deferrals);
    }
}
