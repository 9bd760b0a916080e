using Bedtime.Jobs;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Jobs;

/// <summary>The queue adapter against Azurite, read back the way the queue trigger reads (base64).</summary>
[Collection(StandInsCollection.Name)]
public sealed class StorageJobQueueTests(StandInsFixture standIns)
{
    [Fact]
    public async Task A_message_sent_for_later_stays_invisible_until_its_delay_has_passed()
    {
        var queues = standIns.CreateQueueServiceClient();
        var name = StandInsFixture.UniqueName("later-");
        var queue = queues.GetQueueClient(name);
        await queue.CreateAsync();
        var message = JobMessage.Create("story-1", "owner-1", "story", new FakeTimeProvider()) with { Deferrals = 1 };

        await new StorageJobQueue(queues).EnqueueLaterAsync(name, message, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 1)).Value);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var delivered = Assert.Single((await queue.ReceiveMessagesAsync(maxMessages: 1)).Value);
        Assert.Equal(message, JobMessage.TryParse(delivered.Body.ToString()));
    }
}
