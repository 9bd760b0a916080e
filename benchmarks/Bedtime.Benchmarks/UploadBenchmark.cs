using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bedtime.Local.Hosting;
using Bedtime.Local.StandIns;

namespace Bedtime.Benchmarks;

/// <summary>
/// A large upload through <c>POST /api/uploads</c> of a local runner started as its own process, side by side with a
/// plain <see cref="BlobClient.UploadAsync(Stream)"/> of the same bytes to the same Azurite, plus the runner's peak
/// memory growth during the upload (VmHWM after minus VmRSS before, from /proc, with the peak reset first).
/// Usage: <c>--upload [--size-mb 200] [--rounds 3]</c>.
/// </summary>
public static class UploadBenchmark
{
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMb = Option(args, "--size-mb", 200);
        var rounds = Option(args, "--rounds", 3);
        var root = RepositoryRoot.Find();
        var runnerDll = Path.Combine(root, "functions", "Bedtime.Local", "bin", Configuration, "net10.0", "Bedtime.Local.dll");
        if (!File.Exists(runnerDll))
        {
            Console.Error.WriteLine($"Build the local runner first: {runnerDll} is missing.");
            return 1;
        }

        using var work = new TempFolder();
        var file = Path.Combine(work.Path, "story.txt");
        var bytes = WriteText(file, sizeMb * 1024L * 1024);
        Console.WriteLine($"Upload benchmark: {bytes / MiB:0} MiB of UTF-8 text, {rounds} round(s), {Environment.ProcessorCount} cores");

        await using var standIns = await LocalStandIns.StartAsync(
            new StandInsOptions(StandInsOptions.FindToolsDirectory(root), StartStorage: true, StartCosmos: true, DataDirectory: null), CancellationToken.None);
        var port = FreePort();
        using var runner = StartRunner(runnerDll, root, port, standIns, bytes, work.Path);
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            await WaitForRunnerAsync(api, runner);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(api, "benchmark-warm-up"));
            await UploadThroughApiAsync(api, WriteSmall(work.Path)); // warm-up: JIT, connections, containers

            var plain = new BlobServiceClient(standIns.StorageConnectionString).GetBlobContainerClient("benchmark-plain");
            await plain.CreateIfNotExistsAsync();
            var ratios = new List<double>();
            var growths = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                // Each round its own owner (quotas, rate limits); the order alternates so neither side always goes first.
                api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(api, $"benchmark-{round}"));
                var blob = plain.GetBlobClient($"plain-{round}");
                Func<Task<TimeSpan>> plainUpload = () => TimeAsync(async () =>
                {
                    await using var content = File.OpenRead(file);
                    await blob.UploadAsync(content);
                });
                long before = 0, peak = 0;
                Func<Task<TimeSpan>> apiUpload = async () =>
                {
                    ClearPeak(runner.Id);
                    before = Status(runner.Id, "VmRSS");
                    var elapsed = await TimeAsync(() => UploadThroughApiAsync(api, file));
                    peak = Status(runner.Id, "VmHWM");
                    return elapsed;
                };
                TimeSpan plainTime, apiTime;
                if (round % 2 == 1) { plainTime = await plainUpload(); apiTime = await apiUpload(); }
                else { apiTime = await apiUpload(); plainTime = await plainUpload(); }
                await blob.DeleteIfExistsAsync();

                var plainRate = bytes / MiB / plainTime.TotalSeconds;
                var apiRate = bytes / MiB / apiTime.TotalSeconds;
                ratios.Add(apiRate / plainRate);
                growths.Add((peak - before) / MiB);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: plain BlobClient.UploadAsync {plainRate,6:0.0} MiB/s ({plainTime.TotalSeconds:0.00} s) | POST /api/uploads {apiRate,6:0.0} MiB/s ({apiTime.TotalSeconds:0.00} s) = {apiRate / plainRate,4:P0} of plain | runner RSS before {before / MiB:0} MiB, peak {peak / MiB:0} MiB, growth {(peak - before) / MiB:0.0} MiB"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median: POST /api/uploads at {Median(ratios):P0} of the plain upload's speed (target >= 80 %); largest memory growth {growths.Max():0.0} MiB (target < 64 MiB); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores"));
            return 0;
        }
        finally
        {
            if (!runner.HasExited) runner.Kill(entireProcessTree: true);
            await runner.WaitForExitAsync();
        }
    }

    private static string Configuration =>
        typeof(UploadBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static Process StartRunner(string runnerDll, string root, int port, LocalStandIns standIns, long bytes, string work)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(runnerDll);
        foreach (var (key, value) in standIns.Settings()) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        info.Environment["LocalRunner__Url"] = $"http://127.0.0.1:{port}";
        info.Environment["LocalRunner__DataDirectory"] = "";
        info.Environment["Cosmos__Database"] = "benchmark";
        info.Environment["LocalVault__Path"] = Path.Combine(work, "vault.json");
        info.Environment["Auth__DevelopmentTokens"] = "true";
        info.Environment["Http__MaxUploadBodyBytes"] = (bytes + 1024 * 1024).ToString(CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  runner: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForRunnerAsync(HttpClient api, Process runner)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (runner.HasExited) throw new InvalidOperationException($"The runner exited with code {runner.ExitCode}.");
            try
            {
                using var health = await api.GetAsync("/api/health");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException("The runner did not start within 60 s.");
    }

    private static async Task<string> TokenAsync(HttpClient api, string subject)
    {
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/api/dev/token") { Content = JsonContent.Create(new { sub = subject, roles = Array.Empty<string>() }) };
        using var response = await api.SendAsync(anonymous);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task UploadThroughApiAsync(HttpClient api, string file)
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
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    /// <summary>A big, valid UTF-8 text (the inspector accepts it as text/plain): numbered lines of a little story.</summary>
    private static long WriteText(string path, long size)
    {
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1024 * 1024);
        long written = 0;
        for (var line = 0; written < size; line++)
        {
            // ASCII only, so cutting the last line short never splits a character.
            var text = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"Line {line}: the little fox counted {line % 97} stars over the quiet hill, and the moon hummed a soft song. Goodnight.\n"));
            var take = (int)Math.Min(text.Length, size - written);
            output.Write(text, 0, take);
            written += take;
        }
        return written;
    }

    private static string WriteSmall(string folder)
    {
        var path = Path.Combine(folder, "warm-up.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("A gentle warm-up story about a sleepy owl.\n", 20_000)));
        return path;
    }

    /// <summary>Resets the process's peak resident set size (VmHWM) to its current size (Linux ≥ 4.0).</summary>
    private static void ClearPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    /// <summary>A /proc/&lt;pid&gt;/status size field (VmRSS, VmHWM), in bytes.</summary>
    private static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("bedtime-upload-benchmark-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
