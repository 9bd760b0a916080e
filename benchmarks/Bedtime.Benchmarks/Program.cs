using BenchmarkDotNet.Running;

namespace Bedtime.Benchmarks;

public static class Program
{
    /// <summary><c>--upload</c> and <c>backup</c> run the throughput benchmarks, <c>export</c> the export's memory; anything else goes to BenchmarkDotNet.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--upload", ..]) return await UploadBenchmark.RunAsync(args[1..]);
        if (args is ["backup", .. var options]) return await BackupThroughput.RunAsync(options);
        if (args is ["export", .. var exportOptions]) return await ExportMemory.RunAsync(exportOptions);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
