using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.AzureSpeech;
using Bedtime.Stories.Narration.Voices;

namespace Bedtime.Tests.Stories;

public sealed class VoiceCatalogueTests
{
    [Fact]
    public void Every_preset_names_voices_each_engine_accepts_and_has_a_unique_lower_case_id()
    {
        Assert.All(VoiceCatalogue.Presets, preset =>
        {
            Assert.Matches("^[a-z]{2,16}$", preset.Id);
            Assert.Matches(SpeechOptions.VoicePattern, preset.AzureVoice);
            Assert.Matches(NarratorOptions.EspeakVoicePattern, preset.EspeakVoice);
            Assert.StartsWith(preset.Language + "-", preset.AzureVoice, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith(preset.Language + "-", preset.EspeakVoice, StringComparison.Ordinal);
            Assert.InRange(preset.RatePercent, -30, 0);
            Assert.InRange(preset.PitchPercent, -20, 10);
        });
        Assert.Equal(VoiceCatalogue.Presets.Count, VoiceCatalogue.Presets.Select(p => p.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(-10, "-10%", 0, "+0%")]
    [InlineData(-20, "-20%", -10, "-10%")]
    public void Prosody_is_written_as_SSML_relative_percentages(int rate, string ssmlRate, int pitch, string ssmlPitch)
    {
        var preset = VoiceCatalogue.Presets[0] with { RatePercent = rate, PitchPercent = pitch };

        Assert.Equal((ssmlRate, ssmlPitch), (preset.SsmlRate, preset.SsmlPitch));
    }

    [Fact]
    public void A_known_id_or_none_is_valid_and_anything_else_is_refused_with_the_ids_to_choose_from()
    {
        var rule = new KnownVoiceAttribute();

        Assert.All(VoiceCatalogue.Presets, p => Assert.True(rule.IsValid(p.Id)));
        Assert.True(rule.IsValid(null));
        Assert.False(rule.IsValid("AVA"));
        Assert.False(rule.IsValid("en-US-AvaMultilingualNeural"));
        var refusal = rule.GetValidationResult("nobody", new ValidationContext(new object()) { MemberName = "Voice" })!;
        Assert.Equal("Unknown voice; choose one of ava, andrew, sonia, grandpa (GET /api/voices).", refusal.ErrorMessage);
    }
}
