using System.Diagnostics;
using System.Text;

namespace Bedtime.Platform;

/// <param name="Output">The program's standard output, at most 16 KB of it.</param>
internal sealed record ProcessOutcome(int ExitCode, string FirstErrorLine, bool TimedOut, string Output = "");

/// <summary>
/// Runs an engine (a narrator, a scanner) without a shell: arguments through <see cref="ProcessStartInfo.ArgumentList"/>, text through stdin.
/// The run is bounded by a timeout linked to the caller's token; on either, the whole process tree is killed.
/// A missing program surfaces as <see cref="System.ComponentModel.Win32Exception"/> from the start.
/// </summary>
internal static class ProcessRunner
{
    private const int MaxKeptCharacters = 16 * 1024;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<ProcessOutcome> RunAsync(
        string fileName, IEnumerable<string> arguments, string? standardInput, TimeSpan timeout, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            StandardOutputEncoding = Utf8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = info };
        process.Start();

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var stdin = WriteInputAsync(process.StandardInput, standardInput);
        var stdout = ReadBoundedAsync(process.StandardOutput);
        var stderr = ReadBoundedAsync(process.StandardError);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await DrainAsync(time, stdin, stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessOutcome(-1, "", TimedOut: true);
        }
        await DrainAsync(time, stdin, stdout, stderr);
        return new ProcessOutcome(process.ExitCode, FirstLine(await FinishedOrEmptyAsync(stderr)), TimedOut: false, await FinishedOrEmptyAsync(stdout));
    }

    // DrainAsync waited (bounded) for the readers; one that did not finish or failed yields nothing rather than blocking.
    private static async Task<string> FinishedOrEmptyAsync(Task<string> read) => read.IsCompletedSuccessfully ? await read : "";

    /// <summary>The first line of an engine's error output, printable characters only, at most 200 of them.</summary>
    public static string FirstLine(string errors)
    {
        var line = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var printable = new string(line.Where(c => !char.IsControl(c)).Take(200).ToArray());
        return printable.Length > 0 ? printable : "no error output";
    }

    private static async Task WriteInputAsync(StreamWriter writer, string? text)
    {
        try
        {
            if (!string.IsNullOrEmpty(text))
            {
                await writer.WriteAsync(text);
                await writer.FlushAsync();
            }
        }
        catch (IOException)
        {
            // The process stopped reading (exited or was killed); its exit code tells the story.
        }
        finally
        {
            try { writer.Dispose(); } catch (IOException) { }
        }
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            if (kept.Length < MaxKeptCharacters) kept.Append(buffer, 0, Math.Min(read, MaxKeptCharacters - kept.Length));
        }
        return kept.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task DrainAsync(TimeProvider time, params Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(DrainLimit, time);
        }
        catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // Pipes of a killed process may end abruptly or be held by an orphan; nothing more to read.
        }
    }
}
