using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bedtime.Local.FunctionsHost;

/// <summary>
/// The built Functions app (<c>dotnet Bedtime.Functions.dll</c>) started as the Functions host starts a .NET isolated
/// worker: the worker 2.x arguments, the host's environment variables, and the app settings as environment
/// variables (where the real host puts <c>local.settings.json</c> values). Its output goes to the host's log.
/// It runs under <c>tools/standins/supervise.mjs</c>, which ends it when the host's pipe closes: a host that is killed
/// leaves no worker behind (the real host's workers end with its instance).
/// </summary>
public sealed partial class WorkerProcess : IAsyncDisposable
{
    private readonly Process _supervisor;
    private int _disposed;
    private int? _exitCode;

    private WorkerProcess(Process supervisor) => _supervisor = supervisor;

    /// <summary>The exit code once the worker has exited (1 when a signal ended it); null while it runs.</summary>
    public int? ExitCode => _exitCode;

    /// <summary>The worker's process id, <c>dotnet Bedtime.Functions.dll</c> (kept after the process has exited).</summary>
    public int Id { get; private set; }

    /// <summary>Completes with the exit code when the worker exits.</summary>
    public Task<int> Exited { get; private set; } = Task.FromResult(0);

    public static async Task<WorkerProcess> StartAsync(
        string appDirectory, string toolsDirectory, Uri hostEndpoint, string workerId, IReadOnlyDictionary<string, string?> settings, ILogger logger)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardInput = true, // held open for the worker's life: its closing ends the worker
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(toolsDirectory, "supervise.mjs"));
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(appDirectory, "Bedtime.Functions.dll"));
        foreach (var (name, value) in new[]
        {
            ("--functions-uri", hostEndpoint.AbsoluteUri),
            ("--functions-worker-id", workerId),
            ("--functions-request-id", Guid.NewGuid().ToString()),
            // Required: without it the worker's message limit is 0 and it dies on the first message.
            ("--functions-grpc-max-message-length", int.MaxValue.ToString(CultureInfo.InvariantCulture)),
        })
        {
            start.ArgumentList.Add(name);
            start.ArgumentList.Add(value);
        }
        foreach (var (key, value) in settings)
            if (value is not null) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory; // without it function loads and HTTP routing fail
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_WORKER_RUNTIME_VERSION"] = Environment.Version.ToString(2);

        var process = Process.Start(start) ?? throw new InvalidOperationException("The Functions worker could not be started.");
        var worker = new WorkerProcess(process);
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) LogOutput(logger, line); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line) return;
            if (line.StartsWith(SupervisedPid, StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(SupervisedPid.Length), CultureInfo.InvariantCulture, out var pid)) started.TrySetResult(pid);
            else LogError(logger, line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        worker.Exited = worker.WaitAsync();
        if (await Task.WhenAny(started.Task, worker.Exited) != started.Task)
            throw new InvalidOperationException($"The Functions worker could not be started (exit code {worker.ExitCode}): is Node.js installed?");
        worker.Id = await started.Task;
        return worker;
    }

    private const string SupervisedPid = "supervise: pid ";

    private async Task<int> WaitAsync()
    {
        await _supervisor.WaitForExitAsync();
        return (_exitCode = _supervisor.ExitCode).Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (!_supervisor.HasExited)
        {
            // The worker was asked to terminate over gRPC first; whatever is left is stopped here.
            try { _supervisor.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // exited meanwhile
        }
        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _supervisor.Dispose();
    }

    [LoggerMessage(EventId = 9110, Level = LogLevel.Information, Message = "[worker] {Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning, Message = "[worker stderr] {Line}")]
    private static partial void LogError(ILogger logger, string line);
}
