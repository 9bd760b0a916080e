using System.Text.Json;
using Bedtime.Http;
using Bedtime.Platform.Cosmos;
using Bedtime.Platform.Telemetry;
using Microsoft.ApplicationInsights;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bedtime.Audit;

/// <summary>
/// Appends audit entries: to the <c>audit</c> container, to the log, and to Application Insights as the custom event
/// <see cref="EventName"/>. Recording never fails the action it records (that has happened): an entry the database would
/// not take is logged as an error, with everything it held, so the log still has it.
/// </summary>
public sealed partial class AuditTrail(
    Container audit, IOptions<AuditOptions> options, IServiceProvider services, IConfiguration configuration, TimeProvider clock, ILogger<AuditTrail> logger)
{
    public const string EventName = "BedtimeAudit";
    /// <summary>Bounds the write on its own: the request that did the action may be gone already.</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);
    private const int MaxSeen = 1000;

    public Task RecordAsync(HttpContext context, string action) =>
        RecordAsync(AuditActors.Of(Security.Caller.Find(context)), action, context.Request.RouteValues["id"] as string,
            AuditOutcome.OfStatus(context.Response.StatusCode), context.Response.StatusCode, RequestId.Of(context));

    public async Task RecordAsync(string actor, string action, string? target, string outcome, int? status = null, string? requestId = null)
    {
        var now = clock.GetUtcNow();
        var entry = new AuditEntry
        {
            Id = Guid.NewGuid().ToString("N"), OwnerId = AuditEntry.PartitionOf(now), At = now, Actor = actor, Action = action,
            Target = target, Outcome = outcome, Status = status, RequestId = requestId, Ttl = options.Value.RetentionDays * 86_400,
        };
        LogEntry(logger, action, actor, target ?? "-", outcome, requestId ?? "-");
        Track(entry);
        try
        {
            using var timeout = new CancellationTokenSource(WriteTimeout);
            await audit.CreateItemAsync(entry, new PartitionKey(entry.OwnerId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, timeout.Token);
        }
        catch (Exception ex) when (ex is CosmosException or OperationCanceledException or HttpRequestException)
        {
            LogNotStored(logger, ex, action, actor, target ?? "-", outcome, requestId ?? "-", entry.At);
        }
    }

    /// <summary>One page of the entries from <paramref name="from"/> up to (not including) <paramref name="to"/>, newest
    /// first. A page holds entries of one day only, so it may be short: follow the continuation until there is none.</summary>
    /// <returns>null when the continuation is not one of this listing.</returns>
    /// <remarks>Pages by time, not by the database's own continuation: entries keep arriving while an operator pages
    /// (the listing itself is one), and a page boundary must not move with them.</remarks>
    public async Task<AuditPage?> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit, string? continuation, CancellationToken cancellationToken)
    {
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        var position = continuation is null ? new Position(to.UtcDateTime.Date, null, []) : Position.Decode(continuation);
        if (position is null || position.Day > to.UtcDateTime.Date || position.Day < from.UtcDateTime.Date || position.Seen.Length > MaxSeen) return null;
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.at >= @from AND c.at < @to" + (position.Before is null ? "" : " AND c.at <= @before") + " ORDER BY c.at DESC")
            .WithParameter("@from", from).WithParameter("@to", to).WithParameter("@before", position.Before?.ToUniversalTime());
        var read = new List<AuditEntry>();
        using (var feed = audit.GetItemQueryIterator<AuditEntry>(query, null, new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(AuditEntry.PartitionOf(position.Day)), MaxItemCount = limit + position.Seen.Length,
        }))
            if (feed.HasMoreResults) read.AddRange(await feed.ReadNextAsync(cancellationToken));
        var page = read.Where(e => !position.Seen.Contains(e.Id)).Take(limit).ToList();
        Position? next;
        if (page.Count == limit && read.Count == limit + position.Seen.Length)
        {
            var last = page[^1].At;
            // Entries of the very same instant as the last one may straddle the boundary: the next page skips those already shown.
            var seen = page.Where(e => e.At == last).Select(e => e.Id).Concat(position.Before == last ? position.Seen : []).ToArray();
            next = new Position(position.Day, last, seen);
        }
        else next = position.Day > from.UtcDateTime.Date ? new Position(position.Day.AddDays(-1), null, []) : null;
        return new AuditPage([.. page.Select(AuditEntryResource.From)], next?.Encode());
    }

    private void Track(AuditEntry entry)
    {
        if (string.IsNullOrWhiteSpace(configuration[ApplicationInsightsBridge.ConnectionStringSetting]) || services.GetService<TelemetryClient>() is not { } client)
            return;
        client.TrackEvent(EventName, new Dictionary<string, string>
        {
            ["actor"] = entry.Actor, ["action"] = entry.Action, ["target"] = entry.Target ?? "", ["outcome"] = entry.Outcome,
            ["status"] = entry.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", ["requestId"] = entry.RequestId ?? "", ["id"] = entry.Id,
        });
    }

    /// <summary>Where a listing goes on (opaque to clients, base64url): the day, the time of the last entry shown that day,
    /// and the ids shown with exactly that time.</summary>
    private sealed record Position(DateTime Day, DateTimeOffset? Before, string[] Seen)
    {
        public string Encode() => ContinuationToken.Encode(JsonSerializer.Serialize(this));

        public static Position? Decode(string value)
        {
            if (ContinuationToken.Decode(value) is not { } json) return null;
            try
            {
                return JsonSerializer.Deserialize<Position>(json) is { } p && p.Day == p.Day.Date ? p : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Audit: {Action} by {Actor} on {Target}: {Outcome} (request {RequestId})")]
    private static partial void LogEntry(ILogger logger, string action, string actor, string target, string outcome, string requestId);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Error, Message = "Audit entry not stored: {Action} by {Actor} on {Target}: {Outcome} (request {RequestId}) at {At}")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string action, string actor, string target, string outcome, string requestId, DateTimeOffset at);
}
