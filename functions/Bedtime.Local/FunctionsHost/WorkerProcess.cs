using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bedtime.Local.FunctionsHost;

/// <summary>
/// The built Functions app (<c>dotnet Bedtime.Functions.dll</c>) started as the Functions host starts a .NET isolated
/// worker: the worker 2.x arguments, the host's environment variables, and the app settings as environment
/// variables (where the real host puts <c>local.settings.json</c> values). Its output goes to the host's log.
/// </summary>
public sealed partial class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private int _disposed;
    private int? _exitCode;

    private WorkerProcess(Process process) => (_process, Id) = (process, process.Id);

    /// <summary>The exit code once the worker has exited; null while it runs.</summary>
    public int? ExitCode => _exitCode;

    /// <summary>The process id (kept after the process has exited).</summary>
    public int Id { get; }

    /// <summary>Completes with the exit code when the worker exits.</summary>
    public Task<int> Exited { get; private set; } = Task.FromResult(0);

    public static WorkerProcess Start(string appDirectory, Uri hostEndpoint, string workerId, IReadOnlyDictionary<string, string?> settings, ILogger logger)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) LogOutput(logger, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) LogError(logger, line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        worker.Exited = worker.WaitAsync();
        return worker;
    }

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();
        return (_exitCode = _process.ExitCode).Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (!_process.HasExited)
        {
            // The worker was asked to terminate over gRPC first; whatever is left is stopped here.
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // exited meanwhile
        }
        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
    }

    [LoggerMessage(EventId = 9110, Level = LogLevel.Information, Message = "[worker] {Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning, Message = "[worker stderr] {Line}")]
    private static partial void LogError(ILogger logger, string line);
}
