using System.Diagnostics.Metrics;
using Bedtime.Platform;
using Bedtime.Platform.Cosmos;
using Bedtime.Secrets;
using Bedtime.Secrets.Rotation;
using Bedtime.Security;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Secrets;

/// <summary>
/// Rotation over simulated days, run against each vault adapter, with the real lease lock in the Cosmos stand-in.
/// Each <see cref="OpenVaultAsync"/> is another adapter instance over the same store, as another app instance would be.
/// </summary>
public abstract class SecretRotationContract(StandInsFixture standIns) : IAsyncLifetime
{
    private const string ApiKeys = "api-key-material";
    private const string SigningKey = "dev-token-signing-key";
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private Container _locks = null!;

    protected FakeTimeProvider Clock { get; } = new();

    protected abstract Task<ISecretVault> OpenVaultAsync();

    public async Task InitializeAsync() => _locks = await standIns.CreateFreshAppContainerAsync("locks", defaultTtl: -1);

    public virtual async Task DisposeAsync()
    {
        await _locks.DeleteContainerAsync();
        await _metrics.DisposeAsync();
    }

    [Fact]
    public async Task Missing_owned_secrets_are_created_as_256_random_bits_in_base64_with_expiry_and_tags()
    {
        var vault = await OpenVaultAsync();

        var report = await Rotator(vault).RotateAsync("timer", CancellationToken.None);

        Assert.Equal([ApiKeys, SigningKey], report!.Rotated.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(report.Rotated, r => Assert.Equal("missing", r.Reason));
        foreach (var name in new[] { ApiKeys, SigningKey })
        {
            var current = (await vault.GetCurrentAsync(name, CancellationToken.None))!;
            Assert.Equal(32, Convert.FromBase64String(current.Value).Length);
            Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromDays(31), current.Info.ExpiresOn);
            Assert.Equal("timer", current.Info.Tags[SecretRotator.RotatedByTag]);
            Assert.Equal(Clock.GetUtcNow(), DateTimeOffset.Parse(current.Info.Tags[SecretRotator.RotatedAtTag], System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.NotEqual((await vault.GetCurrentAsync(ApiKeys, CancellationToken.None))!.Value, (await vault.GetCurrentAsync(SigningKey, CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Daily_runs_rotate_every_thirty_days_and_keep_the_previous_version_only_through_the_overlap()
    {
        var vault = await OpenVaultAsync();
        var rotator = Rotator(vault);
        var enabledByDay = new List<int>();
        var rotatedOnDays = new List<int>();

        for (var day = 0; day <= 65; day++)
        {
            var report = await rotator.RotateAsync("timer", CancellationToken.None);
            if (report!.Rotated.Any(r => r.Name == ApiKeys)) rotatedOnDays.Add(day);
            enabledByDay.Add((await vault.ListVersionsAsync(ApiKeys, CancellationToken.None)).Count(v => v.Enabled));
            Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal([0, 30, 60], rotatedOnDays);
        // Two versions are enabled on the day of a rotation (the new one and the previous in its overlap), else one.
        Assert.Equal(Enumerable.Range(0, 66).Select(day => day is 30 or 60 ? 2 : 1), enabledByDay);
        var versions = await vault.ListVersionsAsync(ApiKeys, CancellationToken.None);
        Assert.Equal(3, versions.Count);
        Assert.Equal([false, false, true], versions.OrderBy(v => v.CreatedOn).Select(v => v.Enabled));
    }

    [Fact]
    public async Task The_previous_api_key_still_works_inside_the_overlap_window_and_not_after_it()
    {
        var vault = await OpenVaultAsync();
        var keys = new VaultKeyCache(vault, Clock);
        var rotator = Rotator(vault, keys);
        var authenticator = new Authenticator(Options.Create(new AuthOptions()), keys, Clock, NullLogger<Authenticator>.Instance);
        await rotator.RotateAsync("timer", CancellationToken.None);
        var first = (await vault.GetCurrentAsync(ApiKeys, CancellationToken.None))!.Value;
        Assert.True(await AcceptsAsync(authenticator, first));

        Clock.Advance(TimeSpan.FromDays(30));
        var report = await rotator.RotateAsync("timer", CancellationToken.None);
        var second = (await vault.GetCurrentAsync(ApiKeys, CancellationToken.None))!.Value;

        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromHours(24), report!.Rotated.Single(r => r.Name == ApiKeys).PreviousValidUntil);
        Assert.NotEqual(first, second);
        Assert.True(await AcceptsAsync(authenticator, second));
        Assert.True(await AcceptsAsync(authenticator, first));

        Clock.Advance(TimeSpan.FromHours(23));
        Assert.True(await AcceptsAsync(authenticator, first));

        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)); // the window is over, before any run disables it
        Assert.False(await AcceptsAsync(authenticator, first));
        Assert.True(await AcceptsAsync(authenticator, second));

        await rotator.RotateAsync("timer", CancellationToken.None);
        Assert.False(await AcceptsAsync(authenticator, first));
        Assert.False(await AcceptsAsync(authenticator, "not-a-key-but-long-enough"));
    }

    [Fact]
    public async Task Two_rotations_at_once_on_two_instances_leave_one_new_version()
    {
        var first = await OpenVaultAsync();
        await Rotator(first).RotateAsync("timer", CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(30));
        var second = await OpenVaultAsync();

        var reports = await Task.WhenAll(
            Task.Run(() => Rotator(first).RotateAsync("timer", CancellationToken.None)),
            Task.Run(() => Rotator(second).RotateAsync("admin", CancellationToken.None)));

        foreach (var name in new[] { ApiKeys, SigningKey })
        {
            var versions = await first.ListVersionsAsync(name, CancellationToken.None);
            Assert.Equal(2, versions.Count);
            Assert.Equal(1, reports.Sum(r => r!.Rotated.Count(x => x.Name == name)));
            Assert.Equal(1, reports.Sum(r => r!.Kept.Count(x => x.Name == name)));
        }
    }

    [Fact]
    public async Task A_rotation_that_cannot_get_the_lock_in_time_reports_so_and_changes_nothing()
    {
        var vault = await OpenVaultAsync();
        await using var held = await new LeaseLock(_locks, Clock).TryAcquireAsync(SecretRotator.LockName, TimeSpan.FromMinutes(5), CancellationToken.None);

        var report = await Rotator(vault, options: new SecretsOptions { LockWait = TimeSpan.FromMilliseconds(300) }).RotateAsync("admin", CancellationToken.None);

        Assert.NotNull(held);
        Assert.Null(report);
        Assert.Empty(await vault.ListVersionsAsync(ApiKeys, CancellationToken.None));
    }

    [Fact]
    public async Task A_version_added_by_hand_gives_the_one_before_it_an_overlap_and_older_ones_are_disabled()
    {
        var vault = await OpenVaultAsync();
        var oldest = await vault.AddVersionAsync(ApiKeys, "oldest-key-material-0000", null, new Dictionary<string, string>(), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var older = await vault.AddVersionAsync(ApiKeys, "older-key-material-00000", null, new Dictionary<string, string>(), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var byHand = await vault.AddVersionAsync(ApiKeys, "by-hand-key-material-000", null, new Dictionary<string, string>(), CancellationToken.None);

        var report = await Rotator(vault).RotateAsync("timer", CancellationToken.None);

        Assert.Equal(byHand.Version, report!.Kept.Single(k => k.Name == ApiKeys).Version);
        Assert.Equal(new DisabledVersion(ApiKeys, oldest.Version, "superseded"), Assert.Single(report.Disabled));
        var versions = (await vault.ListVersionsAsync(ApiKeys, CancellationToken.None)).ToDictionary(v => v.Version);
        Assert.True(versions[older.Version].Enabled);
        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromHours(24), versions[older.Version].ExpiresOn);

        Clock.Advance(TimeSpan.FromHours(25));
        var later = await Rotator(vault).RotateAsync("timer", CancellationToken.None);

        Assert.Equal(new DisabledVersion(ApiKeys, older.Version, "overlap_ended"), Assert.Single(later!.Disabled));
    }

    [Fact]
    public async Task Third_party_secrets_are_never_rotated_but_reported_with_their_days_left_from_thirty_days_before_expiry()
    {
        var vault = await OpenVaultAsync();
        var soon = await vault.AddVersionAsync("openai-api-key", "issued-by-the-provider", Clock.GetUtcNow().AddDays(10), new Dictionary<string, string>(), CancellationToken.None);
        await vault.AddVersionAsync("speech-key", "issued-by-the-provider", Clock.GetUtcNow().AddDays(45), new Dictionary<string, string>(), CancellationToken.None);
        var measured = new List<(double Days, string? Secret)>();
        using var listener = ListenTo(TelemetryNames.SecretsExpiring, (value, secret) => measured.Add((value, secret)));
        var options = new SecretsOptions { Owned = [], ThirdParty = ["openai-api-key", "speech-key", "storage-partner-key"] };

        var report = await Rotator(vault, options: options).RotateAsync("timer", CancellationToken.None);

        Assert.Empty(report!.Rotated);
        Assert.Equal(
            [new SecretWarning("openai-api-key", "expiring", soon.ExpiresOn, 10), new SecretWarning("storage-partner-key", "missing", null, null)],
            report.Warnings);
        Assert.Equal([(10d, "openai-api-key")], measured);
        Assert.Single(await vault.ListVersionsAsync("openai-api-key", CancellationToken.None));

        Clock.Advance(TimeSpan.FromDays(11));
        var expired = await Rotator(vault, options: options).RotateAsync("timer", CancellationToken.None);

        Assert.Equal(("expired", -1d), expired!.Warnings.Where(w => w.Name == "openai-api-key").Select(w => (w.Reason, w.DaysLeft!.Value)).Single());
    }

    [Fact]
    public async Task Each_rotated_secret_is_counted()
    {
        var vault = await OpenVaultAsync();
        var counted = new List<(double Value, string? Secret)>();
        using var listener = ListenTo(TelemetryNames.SecretsRotated, (value, secret) => counted.Add((value, secret)));

        await Rotator(vault).RotateAsync("timer", CancellationToken.None);
        await Rotator(vault).RotateAsync("timer", CancellationToken.None);

        Assert.Equal([(1d, ApiKeys), (1d, SigningKey)], counted.OrderBy(c => c.Secret, StringComparer.Ordinal));
    }

    private SecretRotator Rotator(ISecretVault vault, VaultKeyCache? keys = null, SecretsOptions? options = null)
    {
        options ??= new SecretsOptions();
        options.Owned ??= [ApiKeys, SigningKey];
        return new SecretRotator(vault, new LeaseLock(_locks, Clock), keys ?? new VaultKeyCache(vault, Clock),
            new SecretMetrics(_metrics.GetRequiredService<IMeterFactory>()), Options.Create(options), Clock, NullLogger<SecretRotator>.Instance);
    }

    private static async Task<bool> AcceptsAsync(Authenticator authenticator, string apiKey)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[Authenticator.ApiKeyHeader] = apiKey;
        return (await authenticator.AuthenticateAsync(context.Request, CancellationToken.None)).IsSuccess;
    }

    /// <summary>Measurements of one instrument of this test's meter factory, with their <c>secret</c> tag.</summary>
    private MeterListener ListenTo(string instrumentName, Action<double, string?> record)
    {
        var factory = _metrics.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
            },
        };
        void OnMeasurement(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? secret = null;
            foreach (var tag in tags)
                if (tag.Key == "secret") secret = tag.Value as string;
            lock (listener) record(value, secret);
        }
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => OnMeasurement(value, tags));
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => OnMeasurement(value, tags));
        listener.Start();
        return listener;
    }
}

[Collection(StandInsCollection.Name)]
public sealed class SecretRotationOverLocalFileVaultTests(StandInsFixture standIns) : SecretRotationContract(standIns)
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "bedtime-tests", Guid.NewGuid().ToString("N"), "vault.json");

    protected override Task<ISecretVault> OpenVaultAsync() => Task.FromResult<ISecretVault>(new LocalFileSecretVault(_path, Clock));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        var directory = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

[Collection(StandInsCollection.Name)]
public sealed class SecretRotationOverKeyVaultTests(StandInsFixture standIns) : SecretRotationContract(standIns)
{
    private KeyVaultDouble? _double;

    protected override async Task<ISecretVault> OpenVaultAsync()
    {
        _double ??= await KeyVaultDouble.StartAsync(Clock);
        return new KeyVaultSecretVault(_double.CreateClient());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_double is not null) await _double.DisposeAsync();
    }
}
