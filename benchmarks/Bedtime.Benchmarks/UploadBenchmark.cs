using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Azure.Storage.Blobs;
using Bedtime.Local.Hosting;
using Bedtime.Local.StandIns;

namespace Bedtime.Benchmarks;

/// <summary>
/// A large upload through <c>POST /api/uploads</c> of a local runner started as its own process, side by side with a
/// plain <see cref="BlobClient.UploadAsync(Stream)"/> of the same bytes to the same Azurite, plus the runner's peak
/// memory growth during the upload (VmHWM after minus VmRSS before, from /proc, with the peak reset first).
/// Usage: <c>--upload [--size-mb 200] [--rounds 5] [--warm-ups 2] [--in-memory]</c>.
/// </summary>
public static class UploadBenchmark
{
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMb = Option(args, "--size-mb", 200);
        var rounds = Option(args, "--rounds", 5);
        var warmUps = Option(args, "--warm-ups", 2);
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
        Console.WriteLine($"Upload benchmark: {bytes / MiB:0} MiB of UTF-8 text, {warmUps} untimed warm-up(s) then {rounds} round(s), {Environment.ProcessorCount} cores");

        // Stand-ins on disk by default, as the local runner keeps them; --in-memory as the tests run them (that Azurite
        // slows down as it fills: its CPU per upload doubled over a dozen rounds).
        var inMemory = args.Contains("--in-memory");
        Console.WriteLine($"Azurite {(inMemory ? "in memory" : "on disk")}");
        await using var standIns = await LocalStandIns.StartAsync(
            new StandInsOptions(StandInsOptions.FindToolsDirectory(root), StartStorage: true, StartCosmos: true, DataDirectory: inMemory ? null : Path.Combine(work.Path, "stand-ins")), CancellationToken.None);
        var port = FreePort();
        using var runner = StartRunner(runnerDll, root, port, standIns, bytes, work.Path);
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            await WaitForRunnerAsync(api, runner);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Measurement.TokenAsync(api, "benchmark-warm-up"));
            await Measurement.UploadAsync(api, WriteSmall(work.Path)); // connections, containers

            var plain = new BlobServiceClient(standIns.StorageConnectionString).GetBlobContainerClient("benchmark-plain");
            await plain.CreateIfNotExistsAsync();
            var measure = new Measurement(api, plain, file, bytes, runner.Id, standIns.Azurite!.ProcessId);
            var ratios = new List<double>();
            var growths = new List<double>();
            // Untimed full-size rounds first: the runner's tiered JIT re-compiles the hot path during the first
            // uploads (it took 0.7–1.2 CPU s per upload then, 0.4 s once settled).
            for (var round = 1 - warmUps; round <= rounds; round++)
            {
                var result = await measure.RoundAsync(round);
                var label = round < 1 ? $"warm-up {round + warmUps}" : $"round {round}";
                Console.WriteLine($"{label}: {result}");
                growths.Add(result.GrowthMiB); // warm-ups count too: the first, cold upload grows the most
                if (round >= 1) ratios.Add(result.Ratio);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median: POST /api/uploads at {Median(ratios):P0} of the plain upload's speed (target >= 80 %); largest memory growth during one upload {growths.Max():0.0} MiB, warm-ups included (target < 64 MiB); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores"));
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
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
