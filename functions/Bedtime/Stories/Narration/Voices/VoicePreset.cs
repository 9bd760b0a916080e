namespace Bedtime.Stories.Narration.Voices;

/// <summary>
/// A narrator voice a parent can choose, and how each engine speaks it: an Azure AI Speech neural voice with SSML
/// prosody, and an espeak-ng voice (with its variant) for offline narration at the same relative rate and pitch.
/// </summary>
/// <param name="Id">What a client sends as <c>narration.voice</c>.</param>
/// <param name="Language">The story language it narrates (a primary language subtag).</param>
/// <param name="RatePercent">Speaking rate relative to the engine's normal rate (bedtime: slower).</param>
/// <param name="PitchPercent">Pitch relative to the voice's normal pitch.</param>
public sealed record VoicePreset(
    string Id, string Language, string Name, string Description, string AzureVoice, string EspeakVoice, int RatePercent, int PitchPercent)
{
    /// <summary>SSML prosody values, e.g. "-10%" and "+0%".</summary>
    public string SsmlRate => Percent(RatePercent);
    public string SsmlPitch => Percent(PitchPercent);

    /// <summary>espeak-ng's words per minute for this preset, from the configured normal speed.</summary>
    public int EspeakSpeed(int normal) => (int)Math.Round(normal * (100 + RatePercent) / 100.0);

    /// <summary>espeak-ng's pitch (0–99, normal 50).</summary>
    public int EspeakPitch => Math.Clamp((int)Math.Round(50 * (100 + PitchPercent) / 100.0), 0, 99);

    private static string Percent(int value) => value >= 0 ? $"+{value}%" : $"{value}%";
}
