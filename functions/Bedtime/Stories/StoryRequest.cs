using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Bedtime.Stories.Narration.Voices;

namespace Bedtime.Stories;

/// <summary>Whether to narrate, and in which voice of the catalogue (none: the voice the operator configured).</summary>
public sealed record NarrationChoice(bool Enabled, [property: KnownVoice] string? Voice = null);

/// <summary>The body of <c>POST /api/stories</c>. Unknown fields, wrong types and out-of-range values are rejected.</summary>
public sealed record StoryRequest(
    [property: Required, RegularExpression(@"^\p{L}[\p{L} '’-]{0,39}$", ErrorMessage = "Use 1–40 letters, spaces, hyphens or apostrophes, starting with a letter.")]
    string ChildName,
    [property: Range(1, 12)] int Age,
    [property: Required, StringLength(80, MinimumLength = 1), RegularExpression(StoryRequest.PlainText, ErrorMessage = StoryRequest.PlainTextMessage)]
    string Theme,
    StoryLength Length,
    [property: StringLength(80, MinimumLength = 1), RegularExpression(StoryRequest.PlainText, ErrorMessage = StoryRequest.PlainTextMessage)]
    string? Setting = null,
    [property: StringLength(120, MinimumLength = 1), RegularExpression(StoryRequest.PlainText, ErrorMessage = StoryRequest.PlainTextMessage)]
    string? Moral = null,
    [property: MinLength(2, ErrorMessage = "Only 'en' is supported."), RegularExpression("^en$", ErrorMessage = "Only 'en' is supported.")] string? Language = null,
    NarrationChoice? Narration = null,
    [property: MaxLength(5, ErrorMessage = "Name at most 5 uploads.")] IReadOnlyList<string>? UploadIds = null)
{
    // Letters, digits, spaces and ordinary punctuation; no control characters, angle brackets or braces.
    internal const string PlainText = @"^[\p{L}\p{N} .,!?;:'’""()&-]+$";
    internal const string PlainTextMessage = "Use letters, digits, spaces and ordinary punctuation only.";

    // Derived, so never serialized: the request is echoed in the story resource as the client sent it.
    [JsonIgnore] public string EffectiveLanguage => Language ?? "en";
    [JsonIgnore] public bool WantsNarration => Narration?.Enabled ?? false;
}
