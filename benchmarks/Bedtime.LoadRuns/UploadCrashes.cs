using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bedtime.Local.StandIns;
using Bedtime.Platform;
using Bedtime.Uploads;
using Microsoft.Azure.Cosmos;

namespace Bedtime.LoadRuns;

/// <summary>
/// The fault suite's crash during streamed uploads: the host is SIGKILLed while two direct uploads are halfway through
/// their bodies (one of declared length, stored by one streamed Put Blob; one chunked, staged in blocks). After a restart
/// the sweeper must clear both <c>receiving</c> records, and no blob may be left without its record — checked over the
/// whole suite's storage, so this scenario runs last and also catches what the outages before it left behind.
/// </summary>
public sealed class UploadCrashes(string root, RunnerKind kind, Action<string> fail, AnswerTally answers)
{
    private const int BodyBytes = 24 * 1024 * 1024;

    /// <summary>Short enough that the sweeper's cut-off (receive timeout, request bound and 30 s) passes within the scenario.</summary>
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(15);

    public async Task RunAsync(IReadOnlyDictionary<string, string> suiteSettings)
    {
        var settings = new Dictionary<string, string>(suiteSettings)
        {
            ["Uploads:ReceiveTimeout"] = ReceiveTimeout.ToString(),
            [ScheduleSettings.Sweeper] = "*/5 * * * * *",
            ["Http:MaxUploadBodyBytes"] = (2 * BodyBytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var port = RunnerProcess.FreePort();
        var runner = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        using var api = await ApiClient.ForAsync(runner.Address, "upload-crash-parent", answers);
        var whole = new HalfThenStall(BodyBytes);
        var chunked = new HalfThenStall(BodyBytes);
        using var abandon = new CancellationTokenSource();
        var sending = new[] { SendAsync(api, whole, declareLength: true, abandon.Token), SendAsync(api, chunked, declareLength: false, abandon.Token) };
        using (var halfway = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await Task.WhenAll(whole.Stalled.WaitAsync(halfway.Token), chunked.Stalled.WaitAsync(halfway.Token));
        var receiving = await ReceivingAsync(api);
        Console.WriteLine($"   SIGKILL of the {(kind == RunnerKind.FunctionsHost ? "host" : "runner")} with two uploads half sent; {receiving} receiving");
        if (receiving != 2) fail($"{receiving} uploads were receiving when the host was killed, not 2");
        var cleared = Stopwatch.StartNew();
        await runner.CrashAsync();
        await runner.DisposeAsync();
        await abandon.CancelAsync(); // the client gives up on the requests the crash cut off
        foreach (var send in sending) await send.ContinueWith(_ => { }, TaskScheduler.Default);

        await using var restarted = await RunnerProcess.StartAsync(root, settings, port: port, kind: kind);
        int left;
        while ((left = await ReceivingAsync(api)) != 0 && cleared.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(1000);
        if (left != 0) fail($"{left} uploads still receiving {cleared.Elapsed.TotalSeconds:0} s after the crash: the sweeper did not clear them");
        else Console.WriteLine($"   the sweeper cleared both {cleared.Elapsed.TotalSeconds:0} s after the crash (restart took {restarted.Startup.TotalSeconds:0.0} s)");
        await CheckNoOrphansAsync(settings);
    }

    private static async Task SendAsync(ApiClient api, HalfThenStall body, bool declareLength, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(body);
        content.Headers.ContentType = new("text/plain");
        if (declareLength) content.Headers.ContentLength = BodyBytes;
        using var response = await api.Http.PostAsync("/api/uploads", content, cancellationToken);
    }

    private static async Task<int> ReceivingAsync(ApiClient api)
    {
        try
        {
            using var listed = await api.Http.GetAsync("/api/uploads?limit=50");
            if (listed.StatusCode != HttpStatusCode.OK) return -1;
            var items = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
            return items.EnumerateArray().Count(u => u.GetProperty("status").GetString() == "receiving");
        }
        catch (HttpRequestException)
        {
            return -1; // the host is not back yet
        }
    }

    /// <summary>Every blob that processing reads has its record, and no record anywhere is left receiving.</summary>
    private async Task CheckNoOrphansAsync(IReadOnlyDictionary<string, string> settings)
    {
        using var cosmos = new CosmosClient(settings["Cosmos:Endpoint"], LocalStandIns.CosmosKey,
            new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        var records = new Dictionary<string, string>();
        using (var feed = cosmos.GetDatabase("bedtime").GetContainer("uploads").GetItemQueryIterator<UploadRow>("SELECT c.id, c.status FROM c"))
            while (feed.HasMoreResults)
                foreach (var record in await feed.ReadNextAsync())
                    records[record.Id] = record.Status;
        var blobs = new BlobServiceClient(settings["AzureWebJobsStorage"]).GetBlobContainerClient(BlobContainers.Uploads);
        var orphans = new List<string>();
        var count = 0;
        await foreach (var blob in blobs.GetBlobsAsync())
        {
            if (blob.Name.StartsWith(UploadDocument.StagingPrefix, StringComparison.Ordinal)) continue;
            count++;
            if (!records.ContainsKey(blob.Name)) orphans.Add(blob.Name);
        }
        var stuck = records.Count(r => r.Value == "receiving");
        Console.WriteLine($"   suite-wide: {count} upload blobs, {records.Count} records, {orphans.Count} blobs without a record, {stuck} records receiving");
        if (orphans.Count > 0) fail($"{orphans.Count} blobs without a record: {string.Join(", ", orphans.Take(5))}");
        if (stuck > 0) fail($"{stuck} records left receiving");
    }

    /// <summary>An upload record as the Cosmos SDK's own serializer reads it (it cannot fill a System.Text.Json element).</summary>
    private sealed record UploadRow(string Id, string Status);

    /// <summary>Text of a given length that sends its first half, then waits (for the crash) without ending.</summary>
    private sealed class HalfThenStall(int length) : Stream
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _position;

        public Task Stalled => _stalled.Task;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= length / 2)
            {
                _stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            var count = (int)Math.Min(buffer.Length, length / 2 - _position);
            buffer.Span[..count].Fill((byte)'a');
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
