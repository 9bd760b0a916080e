using System.Text.Json;
using Bedtime.Local.Hosting;

namespace Bedtime.Tests.Local;

public sealed class HostJsonTests
{
    [Fact]
    public void The_repository_host_json_is_read_with_its_queue_settings()
    {
        var host = HostJson.Load(Path.Combine(RepositoryRoot.Find(), "host.json"));

        Assert.Equal(5, host.Queues.MaxDequeueCount);
        Assert.Equal("base64", host.Queues.MessageEncoding);
        Assert.True(host.Queues.NewBatchThreshold < host.Queues.BatchSize);
        Assert.True(host.FunctionTimeout > TimeSpan.Zero);
    }

    [Fact]
    public void Missing_settings_take_the_Functions_host_defaults()
    {
        using var document = JsonDocument.Parse("""{"version":"2.0","extensions":{"queues":{"batchSize":10}}}""");

        var host = HostJson.Parse(document.RootElement);

        Assert.Equal(10, host.Queues.BatchSize);
        Assert.Equal(5, host.Queues.NewBatchThreshold);
        Assert.Equal(5, host.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.Zero, host.Queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), host.Queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), host.FunctionTimeout);
    }
}
