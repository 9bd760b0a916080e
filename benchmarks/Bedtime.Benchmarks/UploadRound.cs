using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;

namespace Bedtime.Benchmarks;

/// <summary>One round's figures: both speeds, the runner's memory growth, and where the CPU went.</summary>
internal sealed record UploadRound(
    TimeSpan Plain, TimeSpan Api, long Bytes, double GrowthMiB, double PeakMiB, double AzuritePlainCpu, double AzuriteApiCpu, double RunnerCpu)
{
    private const double MiB = 1024 * 1024;

    public double PlainRate => Bytes / MiB / Plain.TotalSeconds;
    public double ApiRate => Bytes / MiB / Api.TotalSeconds;
    public double Ratio => ApiRate / PlainRate;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"plain BlobClient.UploadAsync {PlainRate,6:0.0} MiB/s ({Plain.TotalSeconds:0.00} s) | POST /api/uploads {ApiRate,6:0.0} MiB/s ({Api.TotalSeconds:0.00} s) = {Ratio,4:P0} of plain | runner peak RSS {PeakMiB:0} MiB, growth {GrowthMiB:0.0} MiB | CPU s: Azurite {AzuritePlainCpu:0.00} (plain) vs {AzuriteApiCpu:0.00} (API), runner {RunnerCpu:0.00}");
}

/// <summary>
/// Runs the two uploads of a round, alternating which goes first, and clears up after both (the plain blob; the
/// API's upload once it is processed, so that work never overlaps the next round's timing).
/// </summary>
internal sealed class Measurement(HttpClient api, BlobContainerClient plain, string file, long bytes, int runner, int azurite)
{
    public async Task<UploadRound> RoundAsync(int round)
    {
        // Each round its own owner, so quotas and rate limits never interfere.
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(api, $"benchmark-{round}"));
        var blob = plain.GetBlobClient($"plain-{round}");
        TimeSpan plainTime, apiTime;
        double plainCpu, apiCpu, runnerCpu;
        long before, peak;
        string location;
        if (round % 2 == 0)
        {
            (plainTime, plainCpu) = await PlainAsync(blob);
            (apiTime, apiCpu, runnerCpu, before, peak, location) = await ThroughApiAsync();
        }
        else
        {
            (apiTime, apiCpu, runnerCpu, before, peak, location) = await ThroughApiAsync();
            (plainTime, plainCpu) = await PlainAsync(blob);
        }
        await blob.DeleteIfExistsAsync();
        await DeleteWhenProcessedAsync(location);
        return new UploadRound(plainTime, apiTime, bytes, (peak - before) / (1024.0 * 1024), peak / (1024.0 * 1024), plainCpu, apiCpu, runnerCpu);
    }

    private async Task<(TimeSpan, double)> PlainAsync(BlobClient blob)
    {
        var cpu = ProcessFigures.CpuSeconds(azurite);
        var clock = Stopwatch.StartNew();
        await using (var content = File.OpenRead(file))
            await blob.UploadAsync(content);
        return (clock.Elapsed, ProcessFigures.CpuSeconds(azurite) - cpu);
    }

    private async Task<(TimeSpan, double, double, long, long, string)> ThroughApiAsync()
    {
        ProcessFigures.ClearPeak(runner);
        var before = ProcessFigures.Status(runner, "VmRSS");
        var (cpu, runnerCpu) = (ProcessFigures.CpuSeconds(azurite), ProcessFigures.CpuSeconds(runner));
        var clock = Stopwatch.StartNew();
        var location = await UploadAsync(api, file);
        var elapsed = clock.Elapsed;
        var peak = ProcessFigures.Status(runner, "VmHWM");
        return (elapsed, ProcessFigures.CpuSeconds(azurite) - cpu, ProcessFigures.CpuSeconds(runner) - runnerCpu, before, peak, location);
    }

    public static async Task<string> UploadAsync(HttpClient api, string file)
    {
        await using var stream = File.OpenRead(file);
        using var content = new StreamContent(stream, 1024 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Headers.ContentLength = stream.Length;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = content };
        request.Headers.Add("X-File-Name", Path.GetFileName(file));
        using var response = await api.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.ToString();
    }

    private async Task DeleteWhenProcessedAsync(string location)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var state = JsonDocument.Parse(await api.GetStringAsync(location));
            if (state.RootElement.GetProperty("status").GetString() is "ready" or "rejected" or "failed") break;
            await Task.Delay(100);
        }
        using var deleted = await api.DeleteAsync(location);
        deleted.EnsureSuccessStatusCode();
    }

    public static async Task<string> TokenAsync(HttpClient api, string subject)
    {
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/api/dev/token") { Content = JsonContent.Create(new { sub = subject, roles = Array.Empty<string>() }) };
        using var response = await api.SendAsync(anonymous);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }
}

/// <summary>Figures of another process, from /proc (Linux).</summary>
internal static class ProcessFigures
{
    /// <summary>User plus system CPU seconds of a process and its descendants (Azurite runs under a supervisor).</summary>
    public static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                seconds += CpuSeconds(int.Parse(child, CultureInfo.InvariantCulture));
        return seconds;
    }

    /// <summary>Resets the process's peak resident set size (VmHWM) to its current size (Linux ≥ 4.0).</summary>
    public static void ClearPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    /// <summary>A /proc/&lt;pid&gt;/status size field (VmRSS, VmHWM), in bytes.</summary>
    public static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
