using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Tests.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bedtime.Tests.Platform;

public class ProvisioningTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 19, 0, 0, TimeSpan.Zero));
    private readonly Mock<CosmosClient> _cosmos = new();
    private int _cosmosCalls;

    public ProvisioningTests()
    {
        var database = new Mock<Database>();
        var created = new Mock<DatabaseResponse>();
        created.SetupGet(r => r.Database).Returns(database.Object);
        _cosmos.Setup(c => c.CreateDatabaseIfNotExistsAsync(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<RequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() => ++_cosmosCalls <= FailuresBeforeAnswer
                ? throw Failure()
                : Task.FromResult(created.Object));
    }

    private int FailuresBeforeAnswer { get; set; }
    private Func<Exception> Failure { get; set; } = () => new CosmosException("Service Unavailable", HttpStatusCode.ServiceUnavailable, 0, "", 0);

    private Provisioning Build(TimeSpan wait)
    {
        var blobs = new Mock<BlobServiceClient>();
        blobs.Setup(b => b.GetBlobContainerClient(It.IsAny<string>())).Returns(new Mock<BlobContainerClient>().Object);
        var queues = new Mock<QueueServiceClient>();
        queues.Setup(q => q.GetQueueClient(It.IsAny<string>())).Returns(new Mock<QueueClient>().Object);
        return new Provisioning(_cosmos.Object, Options.Create(new CosmosOptions()), blobs.Object, queues.Object,
            Options.Create(new ProvisioningOptions { CreateOnStart = true, WaitForServices = wait }), Options.Create(new Bedtime.Http.CorsOptions()),
            _clock, NullLogger<Provisioning>.Instance);
    }

    /// <summary>Runs start-up, moving the fake clock on while it waits between attempts.</summary>
    private async Task StartAsync(Provisioning provisioning)
    {
        var start = provisioning.StartAsync(CancellationToken.None);
        while (!start.IsCompleted)
        {
            if (_clock.PendingTimers > 0) _clock.Advance(TimeSpan.FromMilliseconds(250)); // parked between attempts
            else await Task.Yield();
        }
        await start;
    }

    [Fact]
    public async Task Start_up_waits_for_a_database_that_is_still_starting()
    {
        FailuresBeforeAnswer = 3;

        await StartAsync(Build(TimeSpan.FromSeconds(30)));

        Assert.Equal(4, _cosmosCalls);
    }

    [Fact]
    public async Task Start_up_fails_once_the_services_stay_unreachable_past_the_wait()
    {
        FailuresBeforeAnswer = int.MaxValue;

        await Assert.ThrowsAsync<CosmosException>(() => StartAsync(Build(TimeSpan.FromSeconds(5))));

        Assert.InRange(_cosmosCalls, 20, 22); // one attempt every 250 ms for 5 s
    }

    [Fact]
    public async Task A_failure_that_is_not_an_outage_is_not_retried()
    {
        FailuresBeforeAnswer = 1;
        Failure = () => new CosmosException("Bad Request", HttpStatusCode.BadRequest, 0, "", 0);

        await Assert.ThrowsAsync<CosmosException>(() => StartAsync(Build(TimeSpan.FromSeconds(30))));

        Assert.Equal(1, _cosmosCalls);
    }
}
