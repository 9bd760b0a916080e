using Bedtime.Platform.Cosmos;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;

namespace Bedtime.Tests.Platform;

[Collection(StandInsCollection.Name)]
public sealed class LeaseLockTests(StandInsFixture standIns)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_held_lock_is_refused_to_others_until_it_is_released()
    {
        var clock = new FakeTimeProvider();
        var container = await standIns.CreateFreshAppContainerAsync("locks", defaultTtl: -1);
        var locks = new LeaseLock(container, clock);

        var first = await locks.TryAcquireAsync("job", Lease, CancellationToken.None);
        var second = await locks.TryAcquireAsync("job", Lease, CancellationToken.None);
        var other = await locks.TryAcquireAsync("another-job", Lease, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other);
        await first.DisposeAsync();
        await using var afterRelease = await locks.TryAcquireAsync("job", Lease, CancellationToken.None);
        Assert.NotNull(afterRelease);
    }

    [Fact]
    public async Task A_lock_whose_holder_vanished_is_taken_over_once_its_lease_ran_out_and_the_old_holder_cannot_release_it()
    {
        var clock = new FakeTimeProvider();
        var container = await standIns.CreateFreshAppContainerAsync("locks", defaultTtl: -1);
        var locks = new LeaseLock(container, clock);
        var crashed = await locks.TryAcquireAsync("job", Lease, CancellationToken.None);

        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await locks.TryAcquireAsync("job", Lease, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(2));
        var successor = await locks.TryAcquireAsync("job", Lease, CancellationToken.None);

        Assert.NotNull(successor);
        await crashed!.DisposeAsync(); // late release of the lost lease: must not free the successor's lock
        Assert.Null(await locks.TryAcquireAsync("job", Lease, CancellationToken.None));
    }

    [Fact]
    public async Task Waiting_for_a_lock_succeeds_when_the_holder_releases_it_meanwhile()
    {
        var container = await standIns.CreateFreshAppContainerAsync("locks", defaultTtl: -1);
        var locks = new LeaseLock(container, new FakeTimeProvider());
        var holder = await locks.TryAcquireAsync("job", Lease, CancellationToken.None);

        var waiting = locks.AcquireAsync("job", Lease, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.False(waiting.IsCompleted);
        await holder!.DisposeAsync();

        await using var acquired = await waiting;
        Assert.NotNull(acquired);
    }
}
