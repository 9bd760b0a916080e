using System.Text.Json.Nodes;

namespace Bedtime.Tests.TestSupport;

/// <summary>Builds <c>POST /api/stories</c> bodies as JSON, so tests can also send what the typed model would refuse.</summary>
public sealed class StoryRequestBuilder
{
    private readonly JsonObject _body = new()
    {
        ["childName"] = "Mia",
        ["age"] = 5,
        ["theme"] = "space",
        ["length"] = "short",
    };

    public StoryRequestBuilder With(string field, JsonNode? value) { _body[field] = value; return this; }
    public StoryRequestBuilder Without(string field) { _body.Remove(field); return this; }
    public StoryRequestBuilder Narrated() => With("narration", new JsonObject { ["enabled"] = true });
    public string Build() => _body.ToJsonString();
}
