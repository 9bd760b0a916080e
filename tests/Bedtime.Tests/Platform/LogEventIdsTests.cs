using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Bedtime.Tests.Platform;

/// <summary>Operators filter and alert on event ids, so each names one kind of event.</summary>
public sealed class LogEventIdsTests
{
    [Fact]
    public void Every_log_message_of_the_application_and_the_local_runner_has_its_own_event_id()
    {
        var messages = new[] { typeof(Bedtime.Http.ApiPipeline).Assembly, typeof(Bedtime.Local.Hosting.JobsHost).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.Name}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.True(messages.Count > 50, $"found only {messages.Count} log messages");
        var shared = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(shared.Count == 0, "event ids used more than once: " + string.Join("; ", shared));
    }
}
