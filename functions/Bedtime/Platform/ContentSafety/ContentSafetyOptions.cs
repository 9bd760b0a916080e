using System.ComponentModel.DataAnnotations;
using Bedtime.Platform.Resilience;

namespace Bedtime.Platform.ContentSafety;

/// <summary>
/// The Azure AI Content Safety resource (section "ContentSafety"): when <see cref="Endpoint"/> is set, every story text
/// and every upload-derived text a story uses is also judged by its text analysis, and inspirations by Prompt Shields.
/// Unset = the offline checks only.
/// </summary>
public sealed class ContentSafetyOptions : ProviderCallOptions, IValidatableObject
{
    public const string Section = "ContentSafety";
    public const string ApiVersion = "2024-09-01";

    /// <summary>Text analysis takes at most this many characters per request; longer texts are sent in parts.</summary>
    public const int MaxTextCharacters = 10_000;

    public ContentSafetyOptions()
    {
        // A check sits on every story's path: answer fast or let the queue retry later.
        Timeout = TimeSpan.FromSeconds(10);
        MaxRetries = 2;
    }

    /// <summary>The resource's custom subdomain endpoint, <c>https://&lt;name&gt;.cognitiveservices.azure.com/</c> (Entra ID needs it).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Also ask Prompt Shields whether the texts taken from uploads hide an attack on the model.</summary>
    public bool PromptShields { get; set; } = true;

    public bool IsConfigured => Endpoint is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps))
            yield return new ValidationResult("ContentSafety:Endpoint must be an absolute https:// URI.", [nameof(Endpoint)]);
    }

    public Uri OperationUri(string operation) =>
        new(Endpoint ?? throw new InvalidOperationException("ContentSafety:Endpoint is not set."), $"contentsafety/text:{operation}?api-version={ApiVersion}");
}
