using System.Text.Json.Nodes;
using Bedtime.Http;
using Bedtime.Local.Hosting;

namespace Bedtime.Tests.Http;

/// <summary>
/// The CORS header lists against the OpenAPI document: a header the document declares that CORS leaves out works from
/// curl and fails in every browser (found by the web app's browser tests: polling with If-None-Match failed its preflight).
/// </summary>
public sealed class CorsTests
{
    private static readonly JsonObject Paths = JsonNode.Parse(File.ReadAllText(
        Path.Combine(RepositoryRoot.Find(), "functions", "Bedtime", "Http", "openapi.json")))!["paths"]!.AsObject();

    [Fact]
    public void Every_request_header_the_document_declares_may_be_sent_from_a_browser()
    {
        var declared = Operations().SelectMany(op => op["parameters"]?.AsArray() ?? [])
            .Where(p => (string?)p!["in"] == "header").Select(p => (string)p!["name"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(declared);
        Assert.Empty(declared.Except(List(Cors.AllowedHeaders), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_response_header_the_document_declares_can_be_read_from_a_browser()
    {
        var declared = Operations().SelectMany(op => op["responses"]!.AsObject().Select(r => r.Value!["headers"]?.AsObject()))
            .SelectMany(headers => headers?.Select(h => h.Key) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(declared);
        Assert.Empty(declared.Except(List(Cors.ExposedHeaders), StringComparer.OrdinalIgnoreCase));
    }

    private static IEnumerable<JsonObject> Operations() =>
        Paths.SelectMany(path => path.Value!.AsObject()).Where(op => op.Value is JsonObject).Select(op => op.Value!.AsObject());

    private static string[] List(string header) => header.Split(',', StringSplitOptions.TrimEntries);
}
