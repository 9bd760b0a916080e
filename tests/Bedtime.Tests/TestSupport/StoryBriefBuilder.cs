using Bedtime.Stories;

namespace Bedtime.Tests.TestSupport;

/// <summary>A valid story brief with sensible defaults; each <c>With…</c> changes one thing.</summary>
public sealed class StoryBriefBuilder
{
    private readonly List<StoryInspiration> _inspirations = [];
    private string _childName = "Mia";
    private int _age = 5;
    private string _theme = "space";
    private string? _setting;
    private string? _moral;
    private StoryLength _length = StoryLength.Short;
    private string _language = "en";
    private int _seed = 1;
    private bool _strict;

    public StoryBriefBuilder WithChildName(string childName) { _childName = childName; return this; }
    public StoryBriefBuilder WithAge(int age) { _age = age; return this; }
    public StoryBriefBuilder WithTheme(string theme) { _theme = theme; return this; }
    public StoryBriefBuilder WithSetting(string? setting) { _setting = setting; return this; }
    public StoryBriefBuilder WithMoral(string? moral) { _moral = moral; return this; }
    public StoryBriefBuilder WithLength(StoryLength length) { _length = length; return this; }
    public StoryBriefBuilder WithLanguage(string language) { _language = language; return this; }
    public StoryBriefBuilder WithSeed(int seed) { _seed = seed; return this; }
    public StoryBriefBuilder Strict() { _strict = true; return this; }

    public StoryBriefBuilder WithInspiration(string kind, string summary)
    {
        _inspirations.Add(new StoryInspiration(kind, summary));
        return this;
    }

    public StoryBrief Build() =>
        new(_childName, _age, _theme, _setting, _moral, _length, _language, [.. _inspirations], _seed, _strict);
}
