using Bedtime.Backups;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Backups;

/// <summary>Retention (7 days by default) on a fake clock, against real Blob storage.</summary>
[Collection(StandInsCollection.Name)]
public sealed class BackupRetentionTests(StandInsFixture standIns) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Day0);
    private BackupTestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await BackupTestApp.StartAsync(standIns, services => services.AddSingleton<TimeProvider>(_clock));
        await BackupTestData.SeedAsync(_app.Stories, "story", 3);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task After_daily_backups_from_day_0_to_day_10_those_of_days_3_to_10_are_kept()
    {
        for (var day = 0; day <= 10; day++)
        {
            _clock.SetUtcNow(Day0.AddDays(day));
            Assert.NotNull(await _app.Service<BackupRunner>().RunAsync(BackupRunner.TimerTrigger, CancellationToken.None));
        }

        Assert.Equal(
            Enumerable.Range(3, 8).Reverse().Select(day => Day0.AddDays(day)),
            (await _app.Service<BackupStore>().ListAsync(CancellationToken.None)).Select(b => b.Id.StartedAt));
    }

    [Fact]
    public async Task When_every_backup_is_old_the_newest_verified_one_is_kept_and_failed_leftovers_go()
    {
        var ids = new List<BackupId>();
        for (var day = 0; day <= 2; day++)
        {
            _clock.SetUtcNow(Day0.AddDays(day));
            var manifest = await _app.Service<BackupRunner>().RunAsync(BackupRunner.TimerTrigger, CancellationToken.None);
            Assert.True(BackupId.TryParse(manifest!.Id, out var id));
            ids.Add(id);
        }
        await _app.Backups.GetBlobClient(ids[2].BlobName("stories.ndjson.gz")).UploadAsync(BinaryData.FromString("damaged"), overwrite: true);
        Assert.False((await _app.Service<BackupVerifier>().VerifyAndRecordAsync(ids[2], CancellationToken.None))!.Value.Verification.Verified);
        var leftover = BackupId.At(Day0.AddDays(2.5)); // a run that died before writing its manifest
        await _app.Backups.GetBlobClient(leftover.BlobName("stories.ndjson.gz")).UploadAsync(BinaryData.FromString("partial"));

        _clock.SetUtcNow(Day0.AddDays(30));
        var deleted = await _app.Service<BackupRetention>().ApplyAsync(CancellationToken.None);

        Assert.Equal([leftover, ids[2], ids[0]], deleted);
        var kept = Assert.Single(await _app.Service<BackupStore>().ListAsync(CancellationToken.None));
        Assert.Equal(ids[1], kept.Id);
        Assert.Equal(3, kept.BlobNames.Count);
    }

    [Fact]
    public void Only_backups_started_before_the_cutoff_expire_and_never_the_newest_verified_one()
    {
        var cutoff = Day0.AddDays(3);
        var backups = new[] { 4, 3, 2.9, 1, 0 }.Select(day => new StoredBackup(BackupId.At(Day0.AddDays(day)), [])).ToList();

        var expired = BackupRetention.Expired(backups, cutoff, newestVerified: BackupId.At(Day0.AddDays(1)));

        Assert.Equal([BackupId.At(Day0.AddDays(2.9)), BackupId.At(Day0)], expired.Select(b => b.Id));
    }
}
