using System.ComponentModel.DataAnnotations;

namespace Bedtime.Platform.Resilience;

/// <summary>
/// How an Azure AI provider is called, shared by the OpenAI and Speech sections: the Entra ID scope, and the timeout
/// and retries of <see cref="ProviderResilience"/>.
/// </summary>
public abstract class ProviderCallOptions
{
    public const string DefaultTokenScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>Entra ID token scope (managed identity / DefaultAzureCredential).</summary>
    [Required]
    public string TokenScope { get; set; } = DefaultTokenScope;

    /// <summary>Each attempt gives up after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay between attempts (grows exponentially, with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts; a longer Retry-After is left to the queue's retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The resilience settings of one kind of call to this provider (<paramref name="provider"/> names it in logs).</summary>
    public ProviderResilienceSettings Resilience(string provider) => new()
    {
        Provider = provider,
        AttemptTimeout = Timeout,
        MaxRetries = MaxRetries,
        RetryBaseDelay = RetryBaseDelay,
        MaxRetryDelay = MaxRetryDelay,
    };
}
