using System.Globalization;
using System.Security.Cryptography;
using Bedtime.Platform.Cosmos;
using Bedtime.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Secrets.Rotation;

/// <summary>
/// Rotates the secrets the app owns and watches the ones it does not. For each owned secret whose current version is
/// older than the rotation period (or missing, or expired): a new random 256-bit version expiring after one period plus
/// the overlap; the previous version's expiry is cut to the end of the overlap window so it keeps working until then;
/// versions older than the previous one, or whose window is over, are disabled. Third-party secrets close to expiry
/// are reported. Runs under a shared lock and reads the versions only once it holds it, so two rotations at once
/// (timer and admin, or two instances) produce one new version, not two.
/// </summary>
public sealed partial class SecretRotator(
    ISecretVault vault, LeaseLock locks, VaultKeyCache keys, SecretMetrics metrics, IOptions<SecretsOptions> options,
    TimeProvider clock, ILogger<SecretRotator> logger)
{
    public const string LockName = "secret-rotation";
    public const string RotatedByTag = "rotatedBy";
    public const string RotatedAtTag = "rotatedAt";
    private static readonly TimeSpan LockLease = TimeSpan.FromMinutes(5);
    /// <summary>
    /// A version this close to its rotation age counts as due: a daily run that starts a moment earlier than the one
    /// that created the version must rotate it then, not a day later when it is about to expire.
    /// </summary>
    public static readonly TimeSpan DueTolerance = TimeSpan.FromHours(1);

    /// <param name="rotatedBy">Who asked (goes into the new versions' tags).</param>
    /// <returns>What was done; null when another rotation held the lock for longer than <see cref="SecretsOptions.LockWait"/>.</returns>
    public async Task<RotationReport?> RotateAsync(string rotatedBy, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var held = await locks.AcquireAsync(LockName, LockLease, settings.LockWait, cancellationToken);
        if (held is null)
        {
            LogBusy(logger);
            return null;
        }

        var run = new Run(clock.GetUtcNow(), rotatedBy);
        foreach (var name in settings.Owned ?? [])
            await RotateOwnedAsync(name, run, cancellationToken);
        foreach (var name in settings.ThirdParty)
            await CheckThirdPartyAsync(name, run, cancellationToken);
        LogRan(logger, run.Rotated.Count, run.Kept.Count, run.Disabled.Count, run.Warnings.Count);
        return new RotationReport(run.Now, run.Rotated, run.Kept, run.Disabled, run.Warnings);
    }

    private async Task RotateOwnedAsync(string name, Run run, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = run.Now;
        var enabled = (await vault.ListVersionsAsync(name, cancellationToken)).Where(v => v.Enabled).OrderByDescending(v => v.CreatedOn).ToList();
        var current = enabled.FirstOrDefault();

        if (current is null || now - current.CreatedOn >= settings.RotationPeriod - DueTolerance || current.ExpiresOn <= now)
        {
            var reason = current is null ? "missing" : "due";
            var tags = new Dictionary<string, string>
            {
                [RotatedByTag] = run.RotatedBy,
                [RotatedAtTag] = now.ToString("O", CultureInfo.InvariantCulture),
            };
            var created = await vault.AddVersionAsync(name, NewValue(), now + settings.RotationPeriod + settings.Overlap, tags, cancellationToken);
            DateTimeOffset? previousUntil = null;
            if (current is not null)
            {
                // The previous version works to the end of the overlap window, never longer than it already would.
                var until = current.ExpiresOn is { } expires && expires < now + settings.Overlap ? expires : now + settings.Overlap;
                if (until != current.ExpiresOn) await vault.SetExpiryAsync(name, current.Version, until, cancellationToken);
                enabled[0] = current with { ExpiresOn = until };
                previousUntil = until;
            }
            enabled.Insert(0, created);
            keys.Invalidate(name);
            metrics.Rotated(name, reason);
            run.Rotated.Add(new RotatedSecret(name, created.Version, reason, created.ExpiresOn!.Value, current?.Version, previousUntil));
            LogRotated(logger, name, created.Version, reason);
        }
        else
        {
            run.Kept.Add(new KeptSecret(name, current.Version, current.CreatedOn + settings.RotationPeriod - DueTolerance));
        }

        await RetireOlderVersionsAsync(name, enabled, run, cancellationToken);
    }

    /// <summary>The newest version stays; the one before it only while its overlap window lasts; older ones go.</summary>
    private async Task RetireOlderVersionsAsync(string name, List<SecretVersionInfo> enabledNewestFirst, Run run, CancellationToken cancellationToken)
    {
        var retired = false;
        for (var i = 1; i < enabledNewestFirst.Count; i++)
        {
            var version = enabledNewestFirst[i];
            if (i == 1 && version.ExpiresOn is null)
            {
                // A newer version appeared without this job (e.g. set by hand): start this one's overlap window now.
                await vault.SetExpiryAsync(name, version.Version, run.Now + options.Value.Overlap, cancellationToken);
                continue;
            }
            if (i == 1 && version.ExpiresOn > run.Now) continue;

            var reason = i == 1 ? "overlap_ended" : "superseded";
            await vault.SetEnabledAsync(name, version.Version, false, cancellationToken);
            run.Disabled.Add(new DisabledVersion(name, version.Version, reason));
            LogDisabled(logger, name, version.Version, reason);
            retired = true;
        }
        if (retired) keys.Invalidate(name);
    }

    private async Task CheckThirdPartyAsync(string name, Run run, CancellationToken cancellationToken)
    {
        var current = (await vault.ListVersionsAsync(name, cancellationToken)).Where(v => v.Enabled).MaxBy(v => v.CreatedOn);
        if (current is null)
        {
            run.Warnings.Add(new SecretWarning(name, "missing", null, null));
            LogThirdPartyMissing(logger, name);
            return;
        }
        if (current.ExpiresOn is not { } expires) return; // no expiry set: nothing to count down
        var left = expires - run.Now;
        if (left > options.Value.ExpiryWarning) return;

        var days = Math.Round(left.TotalDays, 2);
        metrics.Expiring(name, days);
        run.Warnings.Add(new SecretWarning(name, left <= TimeSpan.Zero ? "expired" : "expiring", expires, days));
        LogThirdPartyExpiring(logger, name, expires, days);
    }

    /// <summary>256 random bits as base64: the development signing key is decoded from it; API keys are compared as the string.</summary>
    private static string NewValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private sealed record Run(DateTimeOffset Now, string RotatedBy)
    {
        public List<RotatedSecret> Rotated { get; } = [];
        public List<KeptSecret> Kept { get; } = [];
        public List<DisabledVersion> Disabled { get; } = [];
        public List<SecretWarning> Warnings { get; } = [];
    }

    [LoggerMessage(EventId = 7200, Level = LogLevel.Information, Message = "Rotated secret {Secret}: new version {Version} ({Reason})")]
    private static partial void LogRotated(ILogger logger, string secret, string version, string reason);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Disabled version {Version} of secret {Secret} ({Reason})")]
    private static partial void LogDisabled(ILogger logger, string secret, string version, string reason);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Third-party secret {Secret} expires at {ExpiresOn} ({DaysLeft} days left): renew it with its issuer")]
    private static partial void LogThirdPartyExpiring(ILogger logger, string secret, DateTimeOffset expiresOn, double daysLeft);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "Third-party secret {Secret} has no enabled version in the vault")]
    private static partial void LogThirdPartyMissing(ILogger logger, string secret);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Secret rotation skipped: another rotation held the lock")]
    private static partial void LogBusy(ILogger logger);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Secret rotation done: {Rotated} rotated, {Kept} kept, {Disabled} disabled, {Warnings} warnings")]
    private static partial void LogRan(ILogger logger, int rotated, int kept, int disabled, int warnings);
}
