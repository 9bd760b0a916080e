using System.Text.Json;
using Bedtime.Local.Hosting;

namespace Bedtime.Tests.Local;

public sealed class FunctionsHostRulesTests
{
    private static IReadOnlyList<string> Check(string metadata)
    {
        using var document = JsonDocument.Parse(metadata);
        return FunctionsHostRules.Violations(document.RootElement);
    }

    private static string Http(string name, string route) =>
        $$"""[{"name":"{{name}}","bindings":[{"name":"req","type":"httpTrigger","direction":"In","route":"{{route}}","methods":["get"]},{"name":"$return","type":"http","direction":"Out"}]}]""";

    [Theory]
    [InlineData("admin/backups")]
    [InlineData("Admin/backups")]
    [InlineData("/admin")]
    [InlineData("administrators")]
    [InlineData("runtime/webhooks")]
    public void A_route_under_a_prefix_the_host_reserves_is_refused(string route)
    {
        var violation = Assert.Single(Check(Http("Probe", route)));

        Assert.Contains("conflicts with one or more built in routes", violation);
    }

    [Theory]
    [InlineData("ops/backups")]
    [InlineData("stories/{id}")]
    [InlineData("health")]
    public void An_ordinary_route_is_accepted(string route) =>
        Assert.Empty(Check(Http("Probe", route)));

    [Theory]
    [InlineData("1Story")]
    [InlineData("story jobs")]
    [InlineData("story.jobs")]
    public void A_name_the_host_refuses_is_reported(string name) =>
        Assert.Contains(Check(Http(name, "stories")), v => v.Contains("the name must start with a letter"));

    [Fact]
    public void Two_functions_with_one_name_are_reported()
    {
        var twice = Http("Probe", "a").TrimEnd(']') + "," + Http("probe", "b").TrimStart('[');

        Assert.Contains(Check(twice), v => v.Contains("another function has the same name"));
    }

    [Fact]
    public void A_function_without_a_trigger_is_reported() =>
        Assert.Contains(Check("""[{"name":"Lonely","bindings":[{"name":"x","type":"queue","direction":"Out"}]}]"""), v => v.Contains("exactly one trigger"));
}
