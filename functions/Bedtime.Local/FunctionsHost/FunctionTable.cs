using System.Text.Json;
using System.Text.Json.Nodes;
using Bedtime.Local.FunctionsHost.Rpc;
using Bedtime.Local.Hosting;
using Bedtime.Local.Timers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Bedtime.Local.FunctionsHost;

/// <summary>An HTTP-triggered function: its methods and route (under host.json's routePrefix), and its trigger binding's name.</summary>
public sealed record HttpFunction(string Name, string FunctionId, string BindingName, IReadOnlySet<string> Methods, string Route)
{
    private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(Route), new RouteValueDictionary());

    public bool Matches(string method, PathString relativePath) =>
        Methods.Contains(method) && _matcher.TryMatch(relativePath, new RouteValueDictionary());
}

/// <summary>A queue-triggered function: the queue it listens on and its trigger binding's name.</summary>
public sealed record QueueFunction(string Name, string FunctionId, string QueueName, string BindingName);

/// <summary>A timer-triggered function: its schedule as declared (an NCRONTAB expression or <c>%SETTING%</c>) and the
/// retry policy the worker reported for it.</summary>
public sealed record TimerFunction(string Name, string FunctionId, string Schedule, string BindingName, TimerRetry? Retry);

/// <summary>
/// The functions the worker reported, split into those the host loads and those it refuses with the host's reasons
/// (<see cref="FunctionsHostRules"/>), and the HTTP routes of the loaded ones.
/// </summary>
public sealed class FunctionTable
{
    private readonly List<HttpFunction> _http = [];
    private readonly List<QueueFunction> _queues = [];
    private readonly List<TimerFunction> _timers = [];

    public IReadOnlyList<RpcFunctionMetadata> Loadable { get; }
    public IReadOnlyList<(string Function, string Reason)> Refused { get; }
    public IReadOnlyList<HttpFunction> Http => _http;
    public IReadOnlyList<QueueFunction> Queues => _queues;
    public IReadOnlyList<TimerFunction> Timers => _timers;

    public FunctionTable(IEnumerable<RpcFunctionMetadata> functions)
    {
        var all = functions.ToList();
        var refused = FunctionsHostRules.Violations(AsMetadataJson(all))
            .Select(v => (Function: v[..v.IndexOf(':', StringComparison.Ordinal)], Reason: v[(v.IndexOf(':', StringComparison.Ordinal) + 2)..]))
            .ToList();
        Refused = refused;
        Loadable = all.Where(f => refused.All(r => r.Function != f.Name)).ToList();
    }

    /// <summary>Records the trigger of a function once the worker has loaded it.</summary>
    public void AddLoaded(RpcFunctionMetadata function)
    {
        foreach (var raw in function.RawBindings)
        {
            var binding = JsonNode.Parse(raw)!.AsObject();
            var type = (string?)binding["type"];
            if (string.Equals(type, "queueTrigger", StringComparison.OrdinalIgnoreCase))
                _queues.Add(new QueueFunction(function.Name, function.FunctionId, (string)binding["queueName"]!, (string)binding["name"]!));
            if (string.Equals(type, "timerTrigger", StringComparison.OrdinalIgnoreCase))
                _timers.Add(new TimerFunction(function.Name, function.FunctionId, (string)binding["schedule"]!, (string)binding["name"]!, Retry(function.RetryOptions)));
            if (!string.Equals(type, "httpTrigger", StringComparison.OrdinalIgnoreCase)) continue;
            var methods = (binding["methods"] as JsonArray ?? [])
                .Select(m => ((string)m!).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            if (methods.Count == 0) methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            _http.Add(new HttpFunction(function.Name, function.FunctionId, (string)binding["name"]!, methods,
                ((string?)binding["route"] ?? function.Name).TrimStart('/')));
        }
    }

    private static TimerRetry? Retry(RpcRetryOptions? options) => options switch
    {
        null => null,
        { RetryStrategy: RpcRetryOptions.Types.RetryStrategy.FixedDelay } fixedDelay =>
            new TimerRetry(fixedDelay.MaxRetryCount, Interval(fixedDelay.DelayInterval), Interval(fixedDelay.DelayInterval), Exponential: false),
        _ => new TimerRetry(options.MaxRetryCount, Interval(options.MinimumInterval), Interval(options.MaximumInterval), Exponential: true),
    };

    private static TimeSpan Interval(Google.Protobuf.WellKnownTypes.Duration? duration) => duration?.ToTimeSpan() ?? TimeSpan.Zero;

    public HttpFunction? Match(string method, PathString relativePath) =>
        _http.FirstOrDefault(f => f.Matches(method.ToUpperInvariant(), relativePath));

    private static JsonElement AsMetadataJson(IEnumerable<RpcFunctionMetadata> functions)
    {
        var array = new JsonArray();
        foreach (var function in functions)
            array.Add(new JsonObject
            {
                ["name"] = function.Name,
                ["bindings"] = new JsonArray(function.RawBindings.Select(raw => (JsonNode?)JsonNode.Parse(raw)).ToArray()),
            });
        return JsonDocument.Parse(array.ToJsonString()).RootElement;
    }
}
