using System.Net;
using System.Text;
using System.Text.Json;
using Bedtime.Audit;
using Bedtime.Backups;
using Bedtime.Backups.Operations;
using Bedtime.DataRights.Erasure;
using Bedtime.Jobs;
using Bedtime.Platform.Cosmos;
using Bedtime.Secrets.Rotation;
using Bedtime.Security;
using Bedtime.Tests.Backups;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Audit;

/// <summary>
/// The audit trail through the local runner on a database of its own: every privileged or destructive action, by a
/// request or a job, appears once in <c>GET /api/ops/audit</c>, in Cosmos DB and as an Application Insights custom event.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class AuditTrailTests(StandInsFixture standIns) : IAsyncLifetime
{
    private BackupTestApp _app = null!;
    private ApplicationInsightsIngestion _ingestion = null!;

    public async Task InitializeAsync()
    {
        _ingestion = await ApplicationInsightsIngestion.StartAsync();
        _app = await BackupTestApp.StartAsync(standIns, services: null, configure: s => s["APPLICATIONINSIGHTS_CONNECTION_STRING"] = _ingestion.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _ingestion.DisposeAsync();
    }

    [Fact]
    public async Task Every_audited_action_appears_once_in_the_audit_list_with_who_what_target_and_outcome()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var parent = "audited-parent-" + Guid.NewGuid().ToString("N")[..8];
        var operatorId = "audited-operator-" + Guid.NewGuid().ToString("N")[..8];
        using var user = await _app.App.ClientForAsync(parent);
        using var admin = await _app.App.ClientForAsync(operatorId, "admin");
        var (owner, op) = (AuditActors.Owner(parent), AuditActors.Admin(operatorId));

        (await user.GetAsync("/api/me/export")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/ops/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await user.DeleteAsync("/api/me")).StatusCode);
        Assert.True(await Eventually.TrueAsync(async () => (await _app.Service<Erasures>().GetAsync(parent, CancellationToken.None))?.Status == ErasureStatus.Completed,
            TimeSpan.FromSeconds(30)), "the erasure did not complete");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/ops/secrets/rotate", null)).StatusCode);
        var backup = await OperationAsync(admin, "/api/ops/backups");
        var backupId = backup.BackupId!;
        (await admin.GetAsync("/api/ops/backups")).EnsureSuccessStatusCode();
        await OperationAsync(admin, $"/api/ops/backups/{backupId}/verify");
        var restore = await OperationAsync(admin, $"/api/ops/backups/{backupId}/restore",
            new StringContent($$"""{"targetDatabase":"{{StandInsFixture.UniqueName("audited")}}"}""", Encoding.UTF8, "application/json"));
        (await admin.GetAsync($"/api/ops/operations/{restore.Id}")).EnsureSuccessStatusCode();
        await _app.Service<BackupTimerJob>().RunAsync(new TimerRun(DateTimeOffset.UtcNow, false), CancellationToken.None);
        await _app.Service<SecretRotationJob>().RunAsync(new TimerRun(DateTimeOffset.UtcNow, false), CancellationToken.None);

        var entries = await ListAllAsync(admin, since);

        var expected = new[]
        {
            (AuditActions.DataExport, owner, AuditOutcome.Succeeded),
            (AuditActions.BackupsList, owner, AuditOutcome.Refused),
            (AuditActions.ErasureRequest, owner, AuditOutcome.Accepted),
            (AuditActions.Erasure, owner, AuditOutcome.Succeeded),
            (AuditActions.SecretsRotate, op, AuditOutcome.Succeeded),
            (AuditActions.BackupRequest, op, AuditOutcome.Accepted),
            ("backup.run", op, AuditOutcome.Succeeded),
            (AuditActions.BackupsList, op, AuditOutcome.Succeeded),
            (AuditActions.BackupVerifyRequest, op, AuditOutcome.Accepted),
            ("backup.verify", op, AuditOutcome.Succeeded),
            (AuditActions.BackupRestoreRequest, op, AuditOutcome.Accepted),
            ("backup.restore", op, AuditOutcome.Succeeded),
            (AuditActions.OperationRead, op, AuditOutcome.Succeeded),
            ("backup.run", AuditActors.Timer, AuditOutcome.Succeeded),
            (AuditActions.SecretsRotate, AuditActors.Timer, AuditOutcome.Succeeded),
        };
        Assert.Equal(expected.Order(), entries.Select(e => (e.Action, e.Actor, e.Outcome)).Order());
        Assert.Equal(backupId, entries.Single(e => e.Action == "backup.verify").Target);
        Assert.Equal(owner, entries.Single(e => e.Action == AuditActions.Erasure).Target);
        Assert.Equal(403, entries.Single(e => e is { Action: AuditActions.BackupsList, Outcome: AuditOutcome.Refused }).Status);
        Assert.All(entries.Where(e => e.Status is not null), e => Assert.False(string.IsNullOrEmpty(e.RequestId)));

        // The listing is audited too: a second listing finds the first, once.
        var again = await ListAllAsync(admin, since);
        Assert.Equal((op, AuditOutcome.Succeeded), Assert.Single(again, e => e.Action == AuditActions.AuditList) is var list ? (list.Actor, list.Outcome) : default);

        // No owner id in clear, anywhere it is written.
        var stored = JsonSerializer.Serialize(entries);
        Assert.DoesNotContain(parent, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(operatorId, stored, StringComparison.Ordinal);
        var telemetry = _app.Service<TelemetryClient>();
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await telemetry.FlushAsync(CancellationToken.None);
            return _ingestion.Envelopes.Count(e => e is { BaseType: "EventData", Name: AuditTrail.EventName }) >= expected.Length + 1;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)), "the audit events did not reach Application Insights");
        Assert.DoesNotContain(parent, _ingestion.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", "from")]
    [InlineData("to=2026-12-01T00:00:00", "to")]
    [InlineData("continuation=not-a-continuation", "continuation")]
    [InlineData("limit=1000", "limit")]
    public async Task A_bad_time_range_or_continuation_is_a_400_naming_the_field(string query, string field)
    {
        using var admin = await _app.App.ClientForAsync("audit-reader", "admin");

        using var response = await admin.GetAsync("/api/ops/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), query);
    }

    [Fact]
    public async Task An_entry_the_database_will_not_take_fails_nothing_and_is_logged_as_an_error_with_all_it_held()
    {
        var log = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var missing = _app.Database.GetContainer("no-such-container");
        var trail = new AuditTrail(missing, _app.Service<IOptions<AuditOptions>>(), _app.App.Services, _app.Service<IConfiguration>(),
            TimeProvider.System, loggers.CreateLogger<AuditTrail>());

        await trail.RecordAsync("admin:1a2b3c4d", AuditActions.SecretsRotate, "backup-1", AuditOutcome.Succeeded, 202, "req-42");

        var error = Assert.Single(log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        foreach (var part in new[] { AuditActions.SecretsRotate, "admin:1a2b3c4d", "backup-1", AuditOutcome.Succeeded, "req-42" })
            Assert.Contains(part, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_are_paged_newest_first_across_days()
    {
        var trail = _app.Service<AuditTrail>();
        var reader = "audit-pager-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++) await trail.RecordAsync("timer", "paging.test." + reader, $"t{i}", AuditOutcome.Succeeded);
        using var admin = await _app.App.ClientForAsync(reader, "admin");

        var entries = await ListAllAsync(admin, DateTimeOffset.UtcNow.AddDays(-3), limit: 2);

        var mine = entries.Where(e => e.Action == "paging.test." + reader).ToList();
        Assert.Equal(["t4", "t3", "t2", "t1", "t0"], mine.Select(e => e.Target));
    }

    private sealed record Entry(string Id, DateTimeOffset At, string Actor, string Action, string? Target, string Outcome, int? Status, string? RequestId);

    private static async Task<List<Entry>> ListAllAsync(HttpClient admin, DateTimeOffset from, int limit = 200)
    {
        var entries = new List<Entry>();
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        string? continuation = null;
        do
        {
            var url = $"/api/ops/audit?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&limit={limit}"
                + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            using var response = await admin.GetAsync(url);
            var page = await response.JsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, page.ToString());
            entries.AddRange(page.GetProperty("items").Deserialize<List<Entry>>(Bedtime.Http.JsonDefaults.Options)!);
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);
        Assert.Equal(entries.OrderByDescending(e => e.At).Select(e => e.Id), entries.Select(e => e.Id));
        return entries;
    }

    /// <summary>Asks for a backup operation and waits for it through the service, so the only operator reads are the test's own.</summary>
    private async Task<BackupOperation> OperationAsync(HttpClient admin, string path, HttpContent? body = null)
    {
        using var accepted = await admin.PostAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.JsonAsync()).GetProperty("id").GetString()!;
        BackupOperation? operation = null;
        Assert.True(await Eventually.TrueAsync(async () => (operation = await _app.Service<BackupOperations>().GetAsync(id, CancellationToken.None)) is { IsFinal: true },
            TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100)), $"{path} did not finish");
        Assert.Equal(BackupOperationStatus.Succeeded, operation!.Status);
        return operation;
    }
}
