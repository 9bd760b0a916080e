using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Bedtime.LoadRuns;

/// <summary>What serves the API: the real Functions worker behind the project's Functions host (what deploys), or the
/// application in-process in the local runner.</summary>
public enum RunnerKind { FunctionsHost, InProcess }

/// <summary>A local host as a child process on a free port, with in-memory stand-ins, for honest load figures.</summary>
public sealed partial class RunnerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private RunnerProcess(Process process, Uri address, TimeSpan startup) => (_process, Address, Startup) = (process, address, startup);

    public Uri Address { get; }
    public RunnerKind Kind { get; private init; }
    /// <summary>The Functions worker's process id (Functions host only).</summary>
    public int? WorkerProcessId { get; private init; }
    /// <summary>From starting the worker to its functions being loaded (Functions host only).</summary>
    public TimeSpan WorkerStartup { get; private init; }
    /// <summary>From process start until the API answers, stand-ins included.</summary>
    public TimeSpan Startup { get; }
    /// <summary>The part of <see cref="Startup"/> spent starting the stand-ins (zero when they were given).</summary>
    public TimeSpan StandInsStartup { get; private init; }
    public int ProcessId => _process.Id;

    public static async Task<RunnerProcess> StartAsync(string repositoryRoot, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string>? environment = null, int? port = null, RunnerKind kind = RunnerKind.FunctionsHost)
    {
        var runnerDll = Path.Combine(AppContext.BaseDirectory, "Bedtime.Local.dll");
        port ??= FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(runnerDll);
        if (kind == RunnerKind.FunctionsHost) info.ArgumentList.Add("functions-host");
        foreach (var (key, value) in settings.Append(new("LocalRunner:Url", $"http://127.0.0.1:{port}")).Append(new("LocalRunner:DataDirectory", "")))
            info.ArgumentList.Add($"--{key}={value}");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pattern = kind == RunnerKind.FunctionsHost ? HostReady() : Ready();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null && pattern.Match(e.Data) is { Success: true } match) ready.TrySetResult(match); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  runner: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var line = await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var elapsed = clock.Elapsed;
        double Seconds(string group) => double.Parse(line.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new RunnerProcess(process, new Uri($"http://127.0.0.1:{port}"), elapsed)
        {
            Kind = kind,
            StandInsStartup = kind == RunnerKind.InProcess ? TimeSpan.FromSeconds(Seconds("standins")) : TimeSpan.Zero,
            WorkerStartup = kind == RunnerKind.FunctionsHost ? TimeSpan.FromSeconds(Seconds("worker")) : TimeSpan.Zero,
            WorkerProcessId = kind == RunnerKind.FunctionsHost ? int.Parse(line.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    /// <summary>Resident and peak resident memory of the runner process (the host, for the Functions host), in bytes.</summary>
    public (long Rss, long Peak) Memory() => Memory(_process.Id);

    /// <summary>Resident and peak resident memory of the current Functions worker, in bytes (zero for in-process).</summary>
    public (long Rss, long Peak) WorkerMemory() => WorkerProcessId is { } pid ? Memory(pid) : (0, 0);

    private static (long Rss, long Peak) Memory(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        long Read(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>SIGKILL of the host and its worker: no shutdown code runs, in-flight work is simply lost (what a crash of
    /// the machine does; the worker would otherwise end gracefully when its supervisor sees the host's pipe close).</summary>
    public async Task CrashAsync()
    {
        if (WorkerProcessId is { } running)
        {
            try { using var process = Process.GetProcessById(running); process.Kill(); }
            catch (ArgumentException) { } // gone already
        }
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
        if (WorkerProcessId is { } worker)
            for (var waited = Stopwatch.StartNew(); Directory.Exists($"/proc/{worker}") && waited.Elapsed < TimeSpan.FromSeconds(15);)
                await Task.Delay(100);
    }

    /// <summary>SIGKILL of the Functions worker alone; the host restarts it.</summary>
    public void CrashWorker()
    {
        using var worker = Process.GetProcessById(WorkerProcessId ?? throw new InvalidOperationException("In-process: there is no worker."));
        worker.Kill();
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

    [GeneratedRegex(@"Bedtime Functions host ready in [0-9.]+ s \(worker (?<worker>[0-9.]+) s, pid (?<pid>[0-9]+)\)")]
    private static partial Regex HostReady();
}
