using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Bedtime.LoadRuns;

/// <summary>The local runner as a child process on a free port, with in-memory stand-ins, for honest load figures.</summary>
public sealed partial class RunnerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private RunnerProcess(Process process, Uri address, TimeSpan startup) => (_process, Address, Startup) = (process, address, startup);

    public Uri Address { get; }
    /// <summary>From process start until the API answers, stand-ins included.</summary>
    public TimeSpan Startup { get; }
    /// <summary>The part of <see cref="Startup"/> spent starting the stand-ins (zero when they were given).</summary>
    public TimeSpan StandInsStartup { get; private init; }
    public int ProcessId => _process.Id;

    public static async Task<RunnerProcess> StartAsync(string repositoryRoot, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string>? environment = null, int? port = null)
    {
        var runnerDll = Path.Combine(AppContext.BaseDirectory, "Bedtime.Local.dll");
        port ??= FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(runnerDll);
        foreach (var (key, value) in settings.Append(new("LocalRunner:Url", $"http://127.0.0.1:{port}")).Append(new("LocalRunner:DataDirectory", "")))
            info.ArgumentList.Add($"--{key}={value}");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource();
        TimeSpan? standInsTime = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null || Ready().Match(e.Data) is not { Success: true } match) return;
            standInsTime = TimeSpan.FromSeconds(double.Parse(match.Groups["standins"].Value, System.Globalization.CultureInfo.InvariantCulture));
            ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  runner: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
        return new RunnerProcess(process, new Uri($"http://127.0.0.1:{port}"), clock.Elapsed) { StandInsStartup = standInsTime ?? TimeSpan.Zero };
    }

    /// <summary>Resident and peak resident memory of the runner process (Linux /proc), in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        long Read(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight work is simply lost (what a crash does).</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Bedtime local runner ready in [0-9.]+ s \(stand-ins (?<standins>[0-9.]+) s\)")]
    private static partial Regex Ready();
}
