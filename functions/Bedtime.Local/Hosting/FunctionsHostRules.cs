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

    /// <summary>Every reason the host would refuse a function in the metadata, as "function: reason".</summary>
    public static IReadOnlyList<string> Violations(JsonElement metadata)
    {
        var violations = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
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

            foreach (var http in bindings.Where(b => b.GetProperty("type").GetString() == "httpTrigger"))
            {
                var route = http.TryGetProperty("route", out var r) ? r.GetString()?.TrimStart('/') ?? "" : "";
                if (ReservedRoutePrefixes.Any(prefix => route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                    violations.Add($"{name}: The specified route conflicts with one or more built in routes ('{route}')");
            }
        }
        return violations;
    }

    [GeneratedRegex("^[a-z][a-z0-9_\\-]{0,127}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();
}
