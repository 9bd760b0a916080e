using System.Text.Json;
using System.Text.Json.Nodes;
using Bedtime.Local.FunctionsHost.Rpc;
using Bedtime.Local.Hosting;
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

/// <summary>
/// The functions the worker reported, split into those the host loads and those it refuses with the host's reasons
/// (<see cref="FunctionsHostRules"/>), and the HTTP routes of the loaded ones.
/// </summary>
public sealed class FunctionTable
{
    private readonly List<HttpFunction> _http = [];

    public IReadOnlyList<RpcFunctionMetadata> Loadable { get; }
    public IReadOnlyList<(string Function, string Reason)> Refused { get; }
    public IReadOnlyList<HttpFunction> Http => _http;

    public FunctionTable(IEnumerable<RpcFunctionMetadata> functions)
    {
        var all = functions.ToList();
        var refused = FunctionsHostRules.Violations(AsMetadataJson(all))
            .Select(v => (Function: v[..v.IndexOf(':', StringComparison.Ordinal)], Reason: v[(v.IndexOf(':', StringComparison.Ordinal) + 2)..]))
            .ToList();
        Refused = refused;
        Loadable = all.Where(f => refused.All(r => r.Function != f.Name)).ToList();
    }

    /// <summary>Records the HTTP trigger of a function once the worker has loaded it.</summary>
    public void AddLoaded(RpcFunctionMetadata function)
    {
        foreach (var raw in function.RawBindings)
        {
            var binding = JsonNode.Parse(raw)!.AsObject();
            if (!string.Equals((string?)binding["type"], "httpTrigger", StringComparison.OrdinalIgnoreCase)) continue;
            var methods = (binding["methods"] as JsonArray ?? [])
                .Select(m => ((string)m!).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            if (methods.Count == 0) methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            _http.Add(new HttpFunction(function.Name, function.FunctionId, (string)binding["name"]!, methods,
                ((string?)binding["route"] ?? function.Name).TrimStart('/')));
        }
    }

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
