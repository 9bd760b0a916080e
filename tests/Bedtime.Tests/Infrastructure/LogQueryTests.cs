using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bedtime.Tests.Infrastructure;

/// <summary>
/// Every alert and workbook query, parsed and analysed by the real Kusto language service
/// (tools/infra-checks/kql.mjs) against the tables and columns of the Application Insights resource they query.
/// </summary>
public sealed class LogQueryTests
{
    private sealed record Diagnostic(string Severity, string Code, string Message, int At);
    private sealed record Checked(string Name, List<Diagnostic> Diagnostics);

    private static List<Checked> Check(IEnumerable<(string Name, string Query)> queries)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tools", "infra-checks", "kql.mjs"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(JsonSerializer.Serialize(queries.Select(q => new { name = q.Name, query = q.Query })));
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kql.mjs failed ({process.ExitCode}): {errors.GetAwaiter().GetResult()}");
        return JsonSerializer.Deserialize<List<Checked>>(output.GetAwaiter().GetResult(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static IEnumerable<(string Name, string Query)> AlertQueries() =>
        CompiledInfra.Deploy().OfType("Microsoft.Insights/scheduledQueryRules").Select(rule => (
            rule.Text("properties.displayName"),
            ArmExpressions.Text(DeployedResource.Get(((IList<object?>)rule["properties.criteria.allOf"]!).Single(), "query"))));

    private static IEnumerable<(string Name, string Query)> WorkbookQueries()
    {
        var workbook = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "app", "workbook.json")))!;
        return Descendants(workbook).OfType<JsonObject>()
            .Where(o => o["query"] is JsonValue && (string?)o["resourceType"] == "microsoft.insights/components")
            .Select((o, i) => ($"workbook query {i + 1}", (string)o["query"]!));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
        _ => [node],
    };

    [Fact]
    public void Every_alert_rule_queries_the_Application_Insights_resource()
    {
        Assert.All(CompiledInfra.Deploy().OfType("Microsoft.Insights/scheduledQueryRules"),
            rule => Assert.Contains("applicationInsightsId", ArmExpressions.Text(((IList<object?>)rule["properties.scopes"]!).Single()), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_alert_and_workbook_query_is_valid_KQL_over_the_Application_Insights_tables()
    {
        var queries = AlertQueries().Concat(WorkbookQueries()).ToList();
        Assert.True(queries.Count >= 20, $"found only {queries.Count} queries");

        var problems = Check(queries).Where(c => c.Diagnostics.Count > 0)
            .Select(c => $"{c.Name}: {string.Join("; ", c.Diagnostics.Select(d => $"{d.Code} {d.Message}"))}").ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void A_misspelt_column_in_an_alert_query_is_caught()
    {
        var (name, query) = AlertQueries().First(q => q.Query.Contains("resultCode", StringComparison.Ordinal));

        var result = Assert.Single(Check([(name, query.Replace("resultCode", "resultcode", StringComparison.Ordinal))]));

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("resultcode", StringComparison.Ordinal));
    }
}
