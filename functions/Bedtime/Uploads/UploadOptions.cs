using System.ComponentModel.DataAnnotations;

namespace Bedtime.Uploads;

public sealed class UploadOptions
{
    public const string Section = "Uploads";

    [Range(1, long.MaxValue)]
    public long MaxSessionBytes { get; set; } = 200L * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:01:00", "00:15:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the body of a direct upload (<c>POST /api/uploads</c>) may take to arrive; slower clients use a session.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ReceiveTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 100_000)]
    public int MaxUploadsPerOwner { get; set; } = 200;

    [Range(1, long.MaxValue)]
    public long MaxBytesPerOwner { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Size of each block staged to storage while streaming; also the memory each in-flight block holds.</summary>
    [Range(256 * 1024, 100 * 1024 * 1024)]
    public int BlockBytes { get; set; } = 4 * 1024 * 1024;

    [Range(1, 16)]
    public int ParallelBlocks { get; set; } = 4;

    /// <summary>The whole scan step (download and scan, or waiting for Defender's verdict); longer than the scanner's own limits.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(3);

    [Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan AnalysisTimeout { get; set; } = TimeSpan.FromSeconds(120);

    [Range(1, 100)]
    public int MaxPageSize { get; set; } = 50;
}
