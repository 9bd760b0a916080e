using System.ComponentModel.DataAnnotations;

namespace Bedtime.Http;

public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Largest JSON request body accepted (64 KB by default).</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxJsonBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest raw upload body accepted by <c>POST /api/uploads</c>.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBodyBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// The longest a request may take, whatever a dependency does (refuses, hangs, crawls): its work is cancelled half a
    /// second before and it is answered 503 with Retry-After. Time spent waiting for the client's body does not count
    /// (<see cref="RequestBound"/>); the copy of a client's file and the operator's long operations are not bounded
    /// (<see cref="ApiEndpoint.Bounded"/>). Longer than the SDK clients' own timeouts.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:03:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>Comma-separated origins (scheme://host[:port]) allowed to call the API from a browser. Empty: none.</summary>
    public string AllowedOrigins { get; set; } = "";

    [Range(0, 86400)]
    public int PreflightMaxAgeSeconds { get; set; } = 600;

    public IReadOnlySet<string> Origins() =>
        AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
