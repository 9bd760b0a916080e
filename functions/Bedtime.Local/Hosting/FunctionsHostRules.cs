using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bedtime.Local.Hosting;

/// <summary>
/// The checks the Azure Functions host applies when it loads a function from <c>functions.metadata</c>: a function
/// that fails one is not loaded (its route answers 404) while the others run. Applied to the generated metadata by
/// the tests, so a route or name the host would refuse cannot reach a deployment.
/// </summary>
public static partial class FunctionsHostRules
{
    /// <summary>Route prefixes the host keeps for its own endpoints, whatever host.json's routePrefix.</summary>
    public static readonly IReadOnlyList<string> ReservedRoutePrefixes = ["admin", "runtime"];

    /// <summary>
    /// Binding types the host can bind: HTTP is built in; timer and storage queues come from the extensions the
    /// Functions app installs (its Worker.Extensions.Timer and .Storage.Queues packages).
    /// </summary>
    public static readonly IReadOnlySet<string> KnownBindingTypes =
        new HashSet<string>(["httpTrigger", "http", "timerTrigger", "queueTrigger", "queue"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Every reason the host would refuse a function in the metadata, as "function: reason".</summary>
    public static IReadOnlyList<string> Violations(JsonElement metadata)
    {
        var violations = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var routes = new List<(string Function, string Route, string[] Methods)>();
        foreach (var function in metadata.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString() ?? "";
            if (!FunctionName().IsMatch(name))
                violations.Add($"{name}: the name must start with a letter and hold only letters, digits, '_' and '-' (at most 128)");
            if (!names.Add(name))
                violations.Add($"{name}: another function has the same name");

            var bindings = function.GetProperty("bindings").EnumerateArray().ToList();
            var triggers = bindings.Count(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
            if (triggers != 1)
                violations.Add($"{name}: a function needs exactly one trigger binding (has {triggers})");

            var unknown = bindings.Select(b => b.GetProperty("type").GetString() ?? "").Where(t => !KnownBindingTypes.Contains(t)).ToList();
            if (unknown.Count > 0)
                violations.Add($"{name}: The binding type(s) '{string.Join("', '", unknown)}' are not registered. Please ensure the type is correct and the binding extension is installed.");

            foreach (var http in bindings.Where(b => b.GetProperty("type").GetString() == "httpTrigger"))
            {
                var route = (http.TryGetProperty("route", out var r) ? r.GetString() : null) ?? name;
                route = route.Trim('/');
                if (ReservedRoutePrefixes.Any(prefix => route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                {
                    violations.Add($"{name}: The specified route conflicts with one or more built in routes ('{route}')");
                    continue;
                }
                var methods = http.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                    ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray()
                    : [];
                // Two functions conflict on the same route when their methods meet (no methods means all of them).
                if (routes.FirstOrDefault(other => string.Equals(other.Route, route, StringComparison.OrdinalIgnoreCase)
                        && (other.Methods.Length == 0 || methods.Length == 0 || other.Methods.Intersect(methods).Any())) is { Function: { } earlier })
                {
                    violations.Add($"{name}: The route specified conflicts with the route defined by function '{earlier}'.");
                    continue;
                }
                routes.Add((name, route, methods));
            }
        }
        return violations;
    }

    [GeneratedRegex("^[a-z][a-z0-9_\\-]{0,127}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();
}
