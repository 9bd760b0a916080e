using System.ComponentModel.DataAnnotations;

namespace Bedtime.Platform.Cosmos;

public sealed class CosmosOptions
{
    public const string Section = "Cosmos";

    /// <summary>Account endpoint, e.g. <c>https://acct.documents.azure.com:443/</c>.</summary>
    [Required, Url]
    public string Endpoint { get; set; } = "";

    /// <summary>Account key: local stand-ins only. Empty means Entra ID (managed identity) — always so in Azure.</summary>
    public string? Key { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string Database { get; set; } = "bedtime";

    /// <summary><c>Direct</c> in Azure; <c>Gateway</c> for the local stand-in, which only speaks HTTP.</summary>
    public Microsoft.Azure.Cosmos.ConnectionMode ConnectionMode { get; set; } = Microsoft.Azure.Cosmos.ConnectionMode.Direct;

    /// <summary>Talk only to <see cref="Endpoint"/>, ignoring the regions the account advertises (stand-ins).</summary>
    public bool LimitToEndpoint { get; set; }

    /// <summary>Per network request; shorter than <see cref="Http.HttpOptions.RequestTimeout"/>, so a request that
    /// waits on a slow database gets the SDK's own timeout (a 503) before the pipeline's bound.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
