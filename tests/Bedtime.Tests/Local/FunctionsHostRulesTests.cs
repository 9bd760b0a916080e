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

    private static string Two(string first, string second) => first.TrimEnd(']') + "," + second.TrimStart('[');

    private static string Http(string name, string route, params string[] methods) =>
        $$"""[{"name":"{{name}}","bindings":[{"name":"req","type":"httpTrigger","direction":"In","route":"{{route}}","methods":[{{string.Join(",", methods.Select(m => $"\"{m}\""))}}]},{"name":"$return","type":"http","direction":"Out"}]}]""";

    [Fact]
    public void Two_functions_on_one_route_whose_methods_meet_conflict_and_the_later_one_is_refused()
    {
        var violation = Assert.Single(Check(Two(Http("ListStories", "stories", "get", "options"), Http("CreateStory", "stories", "post", "options"))));

        Assert.Equal("CreateStory: The route specified conflicts with the route defined by function 'ListStories'.", violation);
    }

    [Fact]
    public void Two_functions_on_one_route_with_distinct_methods_both_load() =>
        Assert.Empty(Check(Two(Http("ListStories", "stories", "get", "options"), Http("CreateStory", "stories", "post"))));

    [Fact]
    public void A_binding_type_no_installed_extension_provides_is_refused() =>
        Assert.Contains(Check("""[{"name":"Blobby","bindings":[{"name":"b","type":"blobTrigger","direction":"In"}]}]"""),
            v => v.Contains("The binding type(s) 'blobTrigger' are not registered", StringComparison.Ordinal));
}
