using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bedtime.Local.StandIns;

/// <summary>
/// A stand-in server run as a child process. It is ready when its output matches a pattern (which also yields the
/// address it bound). Closing its stdin tells the project's launch scripts to exit, so even a killed runner leaves no orphan.
/// </summary>
public sealed class StandInProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private StandInProcess(Process process) => _process = process;

    public string Name { get; private init; } = "";
    public IReadOnlyList<Match> Matches { get; private set; } = [];
    public bool HasExited => _process.HasExited;
    public int ProcessId => _process.Id;

    public static async Task<StandInProcess> StartAsync(
        string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyList<Regex> readyPatterns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name} ({fileName}).");
        var standIn = new StandInProcess(process) { Name = name };
        var found = new Match?[readyPatterns.Count];
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (standIn._output)
            {
                if (line.StartsWith(SupervisedPid, StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(SupervisedPid.Length), System.Globalization.CultureInfo.InvariantCulture, out var pid))
                    standIn.ServerProcessId = pid;
                if (standIn._output.Count < 200) standIn._output.Add(line);
                for (var i = 0; i < readyPatterns.Count; i++)
                    if (found[i] is null && readyPatterns[i].Match(line) is { Success: true } m) found[i] = m;
                if (found.All(m => m is not null)) ready.TrySetResult();
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{name} exited with code {SafeExitCode(process)} before it was ready:\n{standIn.Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await standIn.DisposeAsync();
            throw new TimeoutException($"{name} was not ready within {timeout.TotalSeconds:0} s. Its output:\n{standIn.Output}");
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
        standIn.Matches = found.Select(m => m!).ToList();
        return standIn;
    }

    private const string SupervisedPid = "supervise: pid ";

    /// <summary>The server's own process (the supervisor's child), as the supervisor reports it.</summary>
    public int? ServerProcessId { get; private set; }

    /// <summary>Freezes the server (SIGSTOP): it keeps its port and connections but answers nothing — a hung
    /// dependency, for tests of outages. <see cref="Resume"/> lets it go on.</summary>
    public void Pause() => Signal("-STOP");

    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        var pid = ServerProcessId ?? throw new InvalidOperationException($"{Name} did not report its process id.");
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {pid} failed with exit code {kill.ExitCode}.");
    }

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    /// <summary>
    /// Stops gracefully: closing stdin makes the supervisor send SIGTERM, so the stand-in can save its data. Killed
    /// only if it has not exited after <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            if (_process.HasExited) return;
            _process.StandardInput.Close();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(grace);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private static string SafeExitCode(Process process)
    {
        try { return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        catch (InvalidOperationException) { return "?"; }
    }
}
