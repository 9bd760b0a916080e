using System.Diagnostics;

namespace Bedtime.Tests.Infrastructure;

/// <summary>scripts/check-infra (run by ./scripts/test) fails on any Bicep diagnostic: a warning as much as an error.</summary>
public sealed class InfraCheckScriptTests
{
    private static (int Exit, string Output) CheckInfra(Action<string> breakIt)
    {
        var copy = Path.Combine(Path.GetTempPath(), "bedtime-infra-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(Path.Combine(RepositoryPaths.Root, "infra"), copy);
        try
        {
            breakIt(copy);
            var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "scripts", "check-infra")) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(copy);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult());
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void A_compiler_warning_fails_the_check()
    {
        // Reading a conditional resource without '!' is a warning (BCP318), not an error, for the compiler.
        var (exit, output) = CheckInfra(infra =>
        {
            var ai = Path.Combine(infra, "app", "ai.bicep");
            File.WriteAllText(ai, File.ReadAllText(ai).Replace("speech!.properties.endpoint", "speech.properties.endpoint", StringComparison.Ordinal));
        });

        Assert.NotEqual(0, exit);
        Assert.Contains("BCP318", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_linter_finding_fails_the_check()
    {
        var (exit, output) = CheckInfra(infra => File.AppendAllText(Path.Combine(infra, "app", "identity.bicep"), "\nparam unused string = ''\n"));

        Assert.NotEqual(0, exit);
        Assert.Contains("no-unused-params", output, StringComparison.Ordinal);
    }
}
