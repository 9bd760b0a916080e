using System.Net;
using Bedtime.Backups;
using Bedtime.Backups.Operations;
using Bedtime.Jobs;
using Bedtime.Platform.Cosmos;
using Bedtime.Tests.Integration;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Backups;

/// <summary>Backup operations as jobs: what a crash, the deadline or a poisoned message leaves, through the local
/// runner, Azurite and the Cosmos stand-in.</summary>
[Collection(StandInsCollection.Name)]
public sealed class BackupOperationsTests(StandInsFixture standIns) : IAsyncLifetime
{
    private BackupTestApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await BackupTestApp.StartAsync(standIns);
        _admin = await _app.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    private DocumentStore<BackupOperation> Operations => _app.Service<DocumentStore<BackupOperation>>();

    private async Task<BackupOperation> StoreAsync(BackupOperation operation)
    {
        Assert.True(await Operations.CreateAsync(operation, BackupOperation.Partition, CancellationToken.None));
        return (await Operations.GetAsync(BackupOperation.Partition, operation.Id, CancellationToken.None))!;
    }

    private static BackupOperation Operation(string kind, string status, string? backupId = null, DateTimeOffset? deadline = null) => new()
    {
        Id = Bedtime.Platform.ResourceIds.NewOperation(), Kind = kind, Status = status, BackupId = backupId, RequestedBy = "test",
        CreatedAt = DateTimeOffset.UtcNow, RetryDeadline = deadline ?? DateTimeOffset.UtcNow.AddMinutes(30),
    };

    private static QueueDelivery Delivery(BackupOperation operation, long dequeueCount) =>
        new("message-1", JobMessage.Create(operation.Id, BackupOperation.Partition, operation.Kind, TimeProvider.System).ToJson(), dequeueCount, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_restore_that_crashed_after_it_began_writing_finishes_with_the_same_result_when_its_message_comes_back()
    {
        await BackupTestData.SeedAsync(_app.Stories, "story", 40);
        var backup = (await BackupTestApp.BackupAsync(_admin)).GetProperty("id").GetString()!;
        var expected = await BackupTestData.FingerprintsAsync(_app.Stories);
        await _app.WipeAsync(_app.Stories);
        await BackupTestData.SeedAsync(_app.Stories, "story", 15); // what the crashed first attempt had written
        var crashed = await StoreAsync(Operation(BackupOperationKind.Restore, BackupOperationStatus.Running, backup) with { Writing = true, Attempts = 1 });

        await _app.Service<BackupOperationJobHandler>().HandleAsync(Delivery(crashed, dequeueCount: 2), CancellationToken.None);

        var finished = (await Operations.GetAsync(BackupOperation.Partition, crashed.Id, CancellationToken.None))!;
        Assert.Equal(BackupOperationStatus.Succeeded, finished.Status);
        Assert.Equal(2, finished.Attempts);
        Assert.Equal(expected, await BackupTestData.FingerprintsAsync(_app.Stories));
        Assert.False(finished.Result!.Value.GetProperty("overwrite").GetBoolean()); // as asked, not as resumed
    }

    [Fact]
    public async Task A_retry_after_the_deadline_fails_the_operation_with_the_deadline_code()
    {
        var late = await StoreAsync(Operation(BackupOperationKind.Backup, BackupOperationStatus.Running, deadline: DateTimeOffset.UtcNow.AddSeconds(-1)));

        await _app.Service<BackupOperationJobHandler>().HandleAsync(Delivery(late, dequeueCount: 2), CancellationToken.None);

        using var response = await _admin.GetAsync(BackupOperationResource.Location(late.Id));
        var operation = await response.JsonAsync();
        Assert.Equal("failed", operation.GetProperty("status").GetString());
        Assert.Equal(JobDeadline.Code, operation.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(await _app.Service<BackupStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_operation_still_queued_past_its_deadline_is_shown_failed()
    {
        var stranded = await StoreAsync(Operation(BackupOperationKind.Backup, BackupOperationStatus.Queued, deadline: DateTimeOffset.UtcNow.AddSeconds(-1)));

        using var response = await _admin.GetAsync(BackupOperationResource.Location(stranded.Id));
        var operation = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("failed", operation.GetProperty("status").GetString());
        Assert.Equal(JobDeadline.Code, operation.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_poisoned_operation_fails_with_retries_exhausted_and_a_finished_one_is_left_alone()
    {
        var running = await StoreAsync(Operation(BackupOperationKind.Verify, BackupOperationStatus.Running, "20261124-120000"));
        var done = await StoreAsync(Operation(BackupOperationKind.Verify, BackupOperationStatus.Succeeded, "20261124-120000"));
        var poison = _app.Service<BackupOperationPoisonHandler>();

        await poison.HandleAsync(Delivery(running, 1), CancellationToken.None);
        await poison.HandleAsync(Delivery(done, 1), CancellationToken.None);

        Assert.Equal("retries_exhausted", (await Operations.GetAsync(BackupOperation.Partition, running.Id, CancellationToken.None))!.Error?.Code);
        Assert.Equal(BackupOperationStatus.Succeeded, (await Operations.GetAsync(BackupOperation.Partition, done.Id, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData("op_123")]
    [InlineData("st_0123456789abcdef0123456789abcdef")]
    [InlineData("op_0123456789abcdef0123456789abcdef")]
    public async Task Operation_ids_not_made_by_the_server_or_unknown_are_not_found(string id)
    {
        using var response = await _admin.GetAsync($"/api/ops/operations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_verification_of_a_backup_that_is_gone_by_the_time_it_runs_fails_as_not_found()
    {
        var gone = await StoreAsync(Operation(BackupOperationKind.Verify, BackupOperationStatus.Queued, "20261124-120000"));

        await _app.Service<BackupOperationJobHandler>().HandleAsync(Delivery(gone, 1), CancellationToken.None);

        var operation = (await Operations.GetAsync(BackupOperation.Partition, gone.Id, CancellationToken.None))!;
        Assert.Equal(BackupOperationStatus.Failed, operation.Status);
        Assert.Equal("not_found", operation.Error?.Code);
        Assert.NotNull(operation.StartedAt);
        Assert.NotNull(operation.FinishedAt);
    }
}
