using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bedtime.Http;

namespace Bedtime.Jobs;

/// <summary>
/// What a queue message carries: a pointer to the job document (the source of truth) plus the W3C
/// <c>traceparent</c> of the operation that queued it, so HTTP → queue → processing is one trace; and how often the
/// job has been put off already (<see cref="JobDeferral"/>).
/// </summary>
/// <remarks>
/// <see cref="Deferrals"/> is written only when non-zero, so ordinary messages stay readable by an instance of the
/// previous version during a deployment (its parser refuses unknown members).
/// </remarks>
public sealed record JobMessage(
    string JobId, string OwnerId, string Kind, string? Traceparent, DateTimeOffset EnqueuedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Deferrals = 0)
{
    public static JobMessage Create(string jobId, string ownerId, string kind, TimeProvider clock) =>
        new(jobId, ownerId, kind, Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null, clock.GetUtcNow());

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    /// <summary>Parses a message body; null when it is not a job message (such a message can never succeed).</summary>
    public static JobMessage? TryParse(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize<JobMessage>(text, JsonDefaults.Options);
            return message is { JobId.Length: > 0, OwnerId.Length: > 0, Kind.Length: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The parent context to continue the trace under, when the message carries one.</summary>
    public ActivityContext ParentContext =>
        Traceparent is not null && ActivityContext.TryParse(Traceparent, null, out var context) ? context : default;
}
