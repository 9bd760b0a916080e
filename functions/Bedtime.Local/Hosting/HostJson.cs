using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Bedtime.Local.Hosting;

/// <summary>The queue-trigger settings of host.json (<c>extensions.queues</c>), with the Functions host's defaults.</summary>
public sealed record QueueTriggerSettings
{
    public int BatchSize { get; init; } = 16;
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    /// <summary>How long a failed message stays invisible before its retry.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public string MessageEncoding { get; init; } = "base64";
}

/// <summary>What the local runner takes from the shared host.json.</summary>
public sealed record HostJson(QueueTriggerSettings Queues, TimeSpan FunctionTimeout)
{
    public static HostJson Default { get; } = new(new QueueTriggerSettings(), TimeSpan.FromMinutes(10));

    public static HostJson Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return Parse(document.RootElement);
    }

    /// <summary>
    /// host.json with the app-setting overrides the Functions host honours: <c>AzureFunctionsJobHost__path__to__setting</c>.
    /// </summary>
    public static HostJson Load(string path, IConfiguration configuration)
    {
        var host = Load(path);
        var overrides = configuration.GetSection("AzureFunctionsJobHost");
        var queues = overrides.GetSection("extensions:queues");
        return new HostJson(host.Queues with
        {
            BatchSize = queues.GetValue("batchSize", host.Queues.BatchSize),
            NewBatchThreshold = queues.GetValue("newBatchThreshold", host.Queues.NewBatchThreshold),
            MaxDequeueCount = queues.GetValue("maxDequeueCount", host.Queues.MaxDequeueCount),
            VisibilityTimeout = queues.GetValue("visibilityTimeout", host.Queues.VisibilityTimeout),
            MaxPollingInterval = queues.GetValue("maxPollingInterval", host.Queues.MaxPollingInterval),
        }, overrides.GetValue("functionTimeout", host.FunctionTimeout));
    }

    internal static HostJson Parse(JsonElement root)
    {
        var defaults = new QueueTriggerSettings();
        var queues = defaults;
        if (root.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("queues", out var q))
        {
            var batchSize = Int(q, "batchSize") ?? defaults.BatchSize;
            queues = new QueueTriggerSettings
            {
                BatchSize = batchSize,
                NewBatchThreshold = Int(q, "newBatchThreshold") ?? batchSize / 2,
                MaxDequeueCount = Int(q, "maxDequeueCount") ?? defaults.MaxDequeueCount,
                VisibilityTimeout = Time(q, "visibilityTimeout") ?? defaults.VisibilityTimeout,
                MaxPollingInterval = Time(q, "maxPollingInterval") ?? defaults.MaxPollingInterval,
                MessageEncoding = Str(q, "messageEncoding") ?? defaults.MessageEncoding,
            };
        }
        return new HostJson(queues, Time(root, "functionTimeout") ?? Default.FunctionTimeout);
    }

    private static int? Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt32() : null;
    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
    private static TimeSpan? Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture) : null;
}
