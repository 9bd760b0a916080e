using System.ComponentModel.DataAnnotations;

namespace Bedtime.Stories.Narration;

public enum NarratorProvider { Espeak, AzureSpeech, None }

/// <summary>Which narrator the app uses, and the local espeak-ng engine's settings (section "Narrator").</summary>
public sealed class NarratorOptions
{
    public const string Section = "Narrator";
    /// <summary>espeak-ng voice names: language, optional subtags, optional variant (e.g. "en-us", "en-gb-x-rp", "de+f3").</summary>
    public const string EspeakVoicePattern = "^[a-z]{2,3}(-[a-z0-9]{2,8})*(\\+[a-z0-9]+)?$";

    public NarratorProvider Provider { get; set; } = NarratorProvider.Espeak;

    /// <summary>The espeak-ng voice when the request names none (or an invalid one).</summary>
    [Required, RegularExpression(EspeakVoicePattern)]
    public string Voice { get; set; } = "en-us";

    /// <summary>Speaking rate in words per minute.</summary>
    [Range(80, 400)]
    public int Speed { get; set; } = 150;

    /// <summary>espeak-ng processes run at once for the sentences of one segment (one core each).</summary>
    [Range(1, 16)]
    public int MaxConcurrentSentences { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    [Required]
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>The MP3 encoder; when it is missing the narration stays WAV.</summary>
    [Required]
    public string LamePath { get; set; } = "lame";
}
