using System.ComponentModel.DataAnnotations;
using Bedtime.Platform.Resilience;

namespace Bedtime.Stories.Narration.AzureSpeech;

/// <summary>Azure AI Speech text to speech over REST (section "Speech").</summary>
public sealed class SpeechOptions : ProviderCallOptions, IValidatableObject
{
    public const string Section = "Speech";
    /// <summary>Azure neural voice names, e.g. "en-US-AvaMultilingualNeural", "de-DE-KatjaNeural", "en-US-Ava:DragonHDLatestNeural".</summary>
    public const string VoicePattern = "^[a-z]{2,3}-[A-Za-z]{2,4}(-[A-Za-z]{2,8})?-[A-Za-z0-9]+(:[A-Za-z0-9]+)?$";

    /// <summary>
    /// The resource's custom subdomain endpoint, <c>https://&lt;name&gt;.cognitiveservices.azure.com/</c> (required for
    /// Entra ID), or a regional one, <c>https://&lt;region&gt;.tts.speech.microsoft.com/</c> (keys only).
    /// </summary>
    public Uri? Endpoint { get; set; }

    [Required, RegularExpression(VoicePattern)]
    public string Voice { get; set; } = "en-US-AvaMultilingualNeural";

    /// <summary>When set, authenticate with the resource key held in the secret vault under this name instead of Entra ID.</summary>
    public string? KeySecretName { get; set; }

    /// <summary>
    /// Optional ARM resource id of the Speech resource. When set, Entra tokens are sent in the form the Speech REST
    /// docs describe, <c>Bearer aad#{ResourceId}#{token}</c>; when unset, as a plain bearer token to the custom subdomain.
    /// </summary>
    public string? ResourceId { get; set; }

    /// <summary>Story text per request; one request may produce at most 10 minutes of audio.</summary>
    [Range(200, 8000)]
    public int MaxChunkCharacters { get; set; } = 4000;

    /// <summary>Sentences of one segment synthesised at the same time.</summary>
    [Range(1, 16)]
    public int MaxConcurrentRequests { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is null) yield break;
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && !(Endpoint.Scheme == Uri.UriSchemeHttp && Endpoint.IsLoopback)))
            yield return new ValidationResult("Speech:Endpoint must be an absolute https:// URI.", [nameof(Endpoint)]);
    }

    /// <summary>
    /// Where to POST SSML. Regional hosts (<c>{region}.tts.speech.microsoft.com</c>) take <c>/cognitiveservices/v1</c>;
    /// a custom subdomain takes the service prefix, <c>/tts/cognitiveservices/v1</c>; a full URL is used as given.
    /// </summary>
    public Uri SynthesisUri()
    {
        var endpoint = Endpoint ?? throw new InvalidOperationException("Speech:Endpoint is not set.");
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/cognitiveservices/v1", StringComparison.OrdinalIgnoreCase))
        {
            var regional = endpoint.Host.Contains(".tts.speech.", StringComparison.OrdinalIgnoreCase);
            path += regional ? "/cognitiveservices/v1" : "/tts/cognitiveservices/v1";
        }
        return new UriBuilder(endpoint) { Path = path, Query = "", Fragment = "" }.Uri;
    }
}
