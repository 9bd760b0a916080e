using System.ComponentModel.DataAnnotations;

namespace Bedtime.Stories.Narration.Voices;

/// <summary>A voice id from <see cref="VoiceCatalogue"/> (null passes: the configured voice is used).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class KnownVoiceAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is null || (value is string id && VoiceCatalogue.Find(id) is not null);

    public override string FormatErrorMessage(string name) => $"Unknown voice; choose one of {VoiceCatalogue.Ids} (GET /api/voices).";
}
