using System.Text.Json;
using System.Runtime.CompilerServices;
using Bedtime.Http;
using Bedtime.Jobs;
using Bedtime.Local.Hosting;

namespace Bedtime.Tests.Platform;

/// <summary>The Functions app's generated functions.metadata (the tests reference the app, so the build puts it beside them).</summary>
public sealed class FunctionsMetadataTests
{
    public static string MetadataPath => Path.Combine(AppContext.BaseDirectory, "functions.metadata");

    private static JsonDocument Metadata() => JsonDocument.Parse(File.ReadAllText(MetadataPath));

    [Fact]
    public void The_Functions_host_would_load_every_function_of_the_app()
    {
        using var metadata = Metadata();

        Assert.Empty(FunctionsHostRules.Violations(metadata.RootElement));
        Assert.True(metadata.RootElement.GetArrayLength() >= ApiCatalogue.Endpoints.Count);
    }

    [Fact]
    public void Every_HTTP_trigger_of_the_Functions_app_is_an_endpoint_of_the_catalogue_of_the_same_name_and_back()
    {
        using var metadata = Metadata();

        var triggers = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Select(b => (Function: f.GetProperty("name").GetString(), Binding: b)))
            .Where(t => t.Binding.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(t => t.Binding.GetProperty("methods").EnumerateArray()
                .Select(m => $"{t.Function}: {m.GetString()!.ToUpperInvariant()} {t.Binding.GetProperty("route").GetString()}"))
            .Where(route => !route.Contains(": OPTIONS ", StringComparison.Ordinal))
            .Order().ToList();
        var catalogue = ApiCatalogue.Endpoints.Select(e => $"{e.Name}: {e.Method} {e.Route}").Order().ToList();

        Assert.Equal(catalogue, triggers);
    }

    [Fact]
    public void Every_route_takes_the_browsers_CORS_preflight_through_exactly_one_function()
    {
        using var metadata = Metadata();

        var optionsPerRoute = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .GroupBy(b => b.GetProperty("route").GetString())
            .ToDictionary(g => g.Key!, g => g.Count(b => b.GetProperty("methods").EnumerateArray().Any(m => m.GetString() == "options")));

        Assert.Equal(ApiCatalogue.Endpoints.Select(e => e.Route).Distinct().Order(), optionsPerRoute.Keys.Order());
        Assert.All(optionsPerRoute, route => Assert.Equal(1, route.Value));
    }

    [Fact]
    public void Every_queue_handler_of_the_application_has_a_queue_trigger_on_its_queue_and_nothing_else_does()
    {
        using var metadata = Metadata();

        var triggers = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "queueTrigger")
                .Select(b => $"{f.GetProperty("name").GetString()} <- {b.GetProperty("queueName").GetString()}"))
            .Order().ToList();
        // Handlers name their function and queue in constant properties: read them without constructing dependencies.
        var handlers = typeof(IQueueHandler).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IQueueHandler).IsAssignableFrom(t))
            .Select(t => (IQueueHandler)RuntimeHelpers.GetUninitializedObject(t))
            .Select(h => $"{h.FunctionName} <- {h.QueueName}")
            .Order().ToList();

        Assert.NotEmpty(handlers);
        Assert.Equal(handlers, triggers);
    }

    [Fact]
    public void Every_timer_job_of_the_application_has_a_timer_trigger_on_its_schedule_setting_and_nothing_else_does()
    {
        using var metadata = Metadata();

        var triggers = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "timerTrigger")
                .Select(b => $"{f.GetProperty("name").GetString()} <- {b.GetProperty("schedule").GetString()}"))
            .Order().ToList();
        var jobs = typeof(ITimerJob).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITimerJob).IsAssignableFrom(t))
            .Select(t => (ITimerJob)RuntimeHelpers.GetUninitializedObject(t))
            .Select(j => $"{j.FunctionName} <- %{j.ScheduleSetting}%")
            .Order().ToList();

        Assert.NotEmpty(jobs);
        Assert.Equal(jobs, triggers);
    }

    [Fact]
    public void Every_HTTP_trigger_is_anonymous_at_the_host_because_the_shared_pipeline_authenticates()
    {
        using var metadata = Metadata();

        var levels = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .Select(b => b.GetProperty("authLevel").GetString());

        Assert.All(levels, level => Assert.Equal("Anonymous", level, ignoreCase: true));
    }
}
