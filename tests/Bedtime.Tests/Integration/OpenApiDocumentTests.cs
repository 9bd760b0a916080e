using System.Text.Json;
using Bedtime.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Integration;

/// <summary>Keeps <c>/api/openapi.json</c> true: every live route is documented and every documented route is live.</summary>
[Collection(StandInsCollection.Name)]
public sealed class OpenApiDocumentTests(StandInsFixture standIns)
{
    [Fact]
    public async Task The_served_document_lists_exactly_the_routes_the_Functions_app_serves()
    {
        await using var app = await standIns.StartRunnerAsync();
        using var response = await app.Client.GetAsync("/api/openapi.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} /api{path.Name}"))
            .Order().ToList();
        // The routes the deployed Functions app serves: the HTTP triggers of its generated metadata.
        using var metadata = JsonDocument.Parse(File.ReadAllText(Platform.FunctionsMetadataTests.MetadataPath));
        var live = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} /api/{b.GetProperty("route").GetString()}"))
            .Where(route => !route.StartsWith("OPTIONS ", StringComparison.Ordinal)) // CORS preflights, answered by the pipeline
            .Order().ToList();

        Assert.Equal("3.0.3", document.RootElement.GetProperty("openapi").GetString());
        Assert.Equal(live, documented);
    }

    [Fact]
    public void Every_operation_documents_its_responses_and_an_operation_id()
    {
        using var document = JsonDocument.Parse(OpenApiHandler.Load());
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{operation.Name} {path.Name} has no operationId");
                Assert.NotEmpty(operation.Value.GetProperty("responses").EnumerateObject());
            }
    }
}
