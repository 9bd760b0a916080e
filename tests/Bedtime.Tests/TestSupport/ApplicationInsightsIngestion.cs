using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bedtime.Tests.TestSupport;

/// <summary>One telemetry item as the Application Insights SDK sent it.</summary>
public sealed record Envelope(string BaseType, string? Name, IReadOnlyDictionary<string, string> Tags, JsonElement BaseData)
{
    public string? OperationId => Tags.GetValueOrDefault("ai.operation.id");

    /// <summary>Names of the metrics in a <c>MetricData</c> item.</summary>
    public IEnumerable<string> MetricNames =>
        BaseType == "MetricData" ? BaseData.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("name").GetString()!) : [];
}

/// <summary>
/// An in-test Application Insights ingestion endpoint on 127.0.0.1: accepts <c>POST …/track</c> with newline-delimited
/// JSON envelopes (gzip or plain), keeps them, and answers as the service does. Point a connection string's
/// <c>IngestionEndpoint</c> at <see cref="ConnectionString"/>.
/// </summary>
public sealed class ApplicationInsightsIngestion : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Envelope> _envelopes = new();
    private readonly ConcurrentQueue<string> _bodies = new();

    private ApplicationInsightsIngestion(WebApplication app) => _app = app;

    public string ConnectionString { get; private set; } = "";
    public IReadOnlyList<Envelope> Envelopes => [.. _envelopes];
    /// <summary>Every body received, decompressed: to check what must never be sent.</summary>
    public string AllText => string.Join('\n', _bodies);

    public static async Task<ApplicationInsightsIngestion> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var ingestion = new ApplicationInsightsIngestion(app);
        app.Run(ingestion.ReceiveAsync);
        await app.StartAsync();
        ingestion.ConnectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={app.Urls.Single()}/";
        return ingestion;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.Value!.EndsWith("/track", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        if (bytes is [0x1f, 0x8b, ..])
        {
            await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain, context.RequestAborted);
            bytes = plain.ToArray();
        }
        var text = Encoding.UTF8.GetString(bytes);
        _bodies.Enqueue(text);
        var count = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var item = JsonDocument.Parse(line);
            var root = item.RootElement;
            var data = root.GetProperty("data");
            var baseData = data.GetProperty("baseData").Clone();
            var tags = root.TryGetProperty("tags", out var t) ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "") : [];
            _envelopes.Enqueue(new Envelope(data.GetProperty("baseType").GetString()!,
                baseData.TryGetProperty("name", out var name) ? name.GetString() : null, tags, baseData));
            count++;
        }
        await context.Response.WriteAsJsonAsync(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
