using System.ComponentModel.DataAnnotations;
using Bedtime.Platform.Resilience;

namespace Bedtime.Platform.OpenAI;

/// <summary>The Azure OpenAI resource the story writer and the upload analyser use (section "OpenAI"). Unset <see cref="Endpoint"/> = not configured.</summary>
public sealed class OpenAIOptions : ProviderCallOptions, IValidatableObject
{
    public const string Section = "OpenAI";

    /// <summary>The resource's v1 endpoint, e.g. <c>https://my-resource.openai.azure.com/openai/v1/</c> (the resource root is accepted too).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The chat model deployment name, sent as the model (stories; upload summaries and picture descriptions, so a vision-capable model).</summary>
    public string? Deployment { get; set; }

    /// <summary>The speech-to-text deployment (e.g. whisper, gpt-4o-transcribe) for recordings; unset = recordings get only their length.</summary>
    public string? TranscriptionDeployment { get; set; }

    /// <summary>When set, authenticate with the API key held in the secret vault under this name instead of Entra ID.</summary>
    public string? ApiKeySecretName { get; set; }

    /// <summary>Upper bound on generated tokens (reasoning models count their reasoning here too).</summary>
    [Range(256, 100_000)]
    public int MaxOutputTokens { get; set; } = 4096;

    public bool IsConfigured => Endpoint is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is null) yield break;
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme != Uri.UriSchemeHttps)
            yield return new ValidationResult("OpenAI:Endpoint must be an absolute https:// URI.", [nameof(Endpoint)]);
        if (string.IsNullOrWhiteSpace(Deployment))
            yield return new ValidationResult("OpenAI:Deployment is required when OpenAI:Endpoint is set.", [nameof(Deployment)]);
    }

    /// <summary>The endpoint the SDK talks to: always ending in <c>/openai/v1/</c>.</summary>
    public Uri V1Endpoint()
    {
        var endpoint = Endpoint ?? throw new InvalidOperationException("OpenAI:Endpoint is not set.");
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase)) path += "/openai/v1";
        return new UriBuilder(endpoint) { Path = path + "/", Query = "", Fragment = "" }.Uri;
    }
}
