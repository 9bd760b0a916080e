namespace Bedtime.Stories.Narration.Voices;

/// <summary>
/// The narrator voices on offer (<c>GET /api/voices</c>). All are English, the one language the story writers
/// accept; a request for another voice is refused before any story is written.
/// </summary>
public static class VoiceCatalogue
{
    public static readonly IReadOnlyList<VoicePreset> Presets =
    [
        new("ava", "en", "Ava", "A warm, calm voice (American English).",
            "en-US-AvaMultilingualNeural", "en-us+f3", RatePercent: -10, PitchPercent: 0),
        new("andrew", "en", "Andrew", "A gentle, low voice (American English).",
            "en-US-AndrewMultilingualNeural", "en-us+m3", RatePercent: -10, PitchPercent: -5),
        new("sonia", "en", "Sonia", "A soft, clear voice (British English).",
            "en-GB-SoniaNeural", "en-gb+f2", RatePercent: -10, PitchPercent: 0),
        new("grandpa", "en", "Grandpa Ryan", "A slow, grandfatherly voice (British English).",
            "en-GB-RyanNeural", "en-gb+grandpa", RatePercent: -20, PitchPercent: -10),
    ];

    private static readonly Dictionary<string, VoicePreset> ById = Presets.ToDictionary(p => p.Id, StringComparer.Ordinal);

    /// <summary>The preset with this id; null for an unknown one (ids are lower case).</summary>
    public static VoicePreset? Find(string? id) => id is null ? null : ById.GetValueOrDefault(id);

    public static string Ids => string.Join(", ", Presets.Select(p => p.Id));
}
