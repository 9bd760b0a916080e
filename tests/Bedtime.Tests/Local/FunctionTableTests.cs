using Bedtime.Local.FunctionsHost;
using Bedtime.Local.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Tests.Local;

public sealed class FunctionTableTests
{
    private static RpcFunctionMetadata Http(string name, string route, params string[] methods)
    {
        var function = new RpcFunctionMetadata { Name = name, FunctionId = Guid.NewGuid().ToString() };
        function.RawBindings.Add($$"""{"name":"request","direction":"In","type":"httpTrigger","authLevel":"Anonymous","methods":[{{string.Join(",", methods.Select(m => $"\"{m}\""))}}],"route":"{{route}}"}""");
        function.RawBindings.Add("""{"name":"$return","direction":"Out","type":"http"}""");
        return function;
    }

    [Fact]
    public void A_function_under_the_reserved_admin_prefix_is_refused_with_the_hosts_message_and_the_others_load()
    {
        var table = new FunctionTable([Http("Backups", "admin/backups", "post"), Http("Health", "health", "get")]);

        var refused = Assert.Single(table.Refused);
        Assert.Equal("Backups", refused.Function);
        Assert.Contains("The specified route conflicts with one or more built in routes", refused.Reason, StringComparison.Ordinal);
        Assert.Equal("Health", Assert.Single(table.Loadable).Name);
    }

    [Fact]
    public void A_loaded_function_is_matched_by_method_and_route_template_only()
    {
        var story = Http("GetStory", "stories/{id}", "get", "options");
        var table = new FunctionTable([story]);
        table.AddLoaded(story);

        Assert.Equal("GetStory", table.Match("GET", new PathString("/stories/st_1"))?.Name);
        Assert.Equal("GetStory", table.Match("OPTIONS", new PathString("/stories/st_1"))?.Name);
        Assert.Null(table.Match("DELETE", new PathString("/stories/st_1")));
        Assert.Null(table.Match("GET", new PathString("/stories/st_1/extra")));
        Assert.Equal("request", table.Match("GET", new PathString("/stories/x"))!.BindingName);
    }
}
