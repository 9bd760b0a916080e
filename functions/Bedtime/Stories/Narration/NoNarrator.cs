using Bedtime.Platform;

namespace Bedtime.Stories.Narration;

/// <summary>Narration turned off (Narrator:Provider = None): stories complete without audio.</summary>
public sealed class NoNarrator : INarrator
{
    public const string ProviderName = "none";

    public string Name => ProviderName;

    public Task<ProviderResult<NarratedAudio>> NarrateAsync(NarrationInput input, CancellationToken cancellationToken) =>
        Task.FromResult<ProviderResult<NarratedAudio>>(ProviderFailure.Permanent(INarrator.Unavailable, "Narration is turned off."));
}
