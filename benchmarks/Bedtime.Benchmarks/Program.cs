using BenchmarkDotNet.Running;

namespace Bedtime.Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["backup", .. var options]) return await BackupThroughput.RunAsync(options);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
