using BenchmarkDotNet.Running;

namespace Bedtime.Benchmarks;

public static class Program
{
    /// <summary><c>--upload</c> runs the upload throughput benchmark; anything else goes to BenchmarkDotNet.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--upload", ..]) return await UploadBenchmark.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
