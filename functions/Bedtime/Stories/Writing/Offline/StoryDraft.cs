namespace Bedtime.Stories.Writing.Offline;

/// <summary>How much a sentence matters to the story; the length fitter adds optional ones in this order.</summary>
internal enum Tier
{
    /// <summary>The arc itself: always told.</summary>
    Core,
    /// <summary>Beats that make it a better story (a greeting, a goodbye, a cheer).</summary>
    Story,
    /// <summary>Dialogue and small reactions.</summary>
    Chatter,
    /// <summary>Sensory description.</summary>
    Scenery,
}

/// <summary>
/// A story under construction: paragraphs of whole sentences, some optional. <see cref="Fit"/> switches optional
/// sentences on until the word count sits inside the target range, so nothing is ever cut mid-sentence.
/// </summary>
internal sealed class StoryDraft
{
    private readonly List<DraftParagraph> _paragraphs = [];

    public DraftParagraph Paragraph()
    {
        var paragraph = new DraftParagraph();
        _paragraphs.Add(paragraph);
        return paragraph;
    }

    public int WordCount => _paragraphs.Sum(p => p.WordCount);

    /// <summary>
    /// Adds optional sentences, most important tier first and one paragraph at a time in turn (so description is
    /// spread through the story rather than piled up), until the count passes a point a third of the way into
    /// the range. Never goes past <paramref name="max"/>.
    /// </summary>
    public void Fit(int min, int max)
    {
        var target = min + (max - min) / 3;
        var words = WordCount;
        for (var tier = Tier.Story; tier <= Tier.Scenery && words < target; tier++)
        {
            var added = true;
            while (added && words < target)
            {
                added = false;
                foreach (var paragraph in _paragraphs)
                {
                    var gained = paragraph.IncludeNext(tier, max - words);
                    if (gained == 0)
                        continue;
                    words += gained;
                    added = true;
                    if (words >= target)
                        break;
                }
            }
        }
    }

    public List<string> Render()
    {
        var paragraphs = new List<string>(_paragraphs.Count);
        foreach (var paragraph in _paragraphs)
        {
            var text = paragraph.Render();
            if (text.Length > 0)
                paragraphs.Add(text);
        }
        return paragraphs;
    }
}

internal sealed class DraftParagraph
{
    private readonly List<Segment> _segments = [];

    public int WordCount { get; private set; }

    public void Add(string sentence) => Add(sentence, Tier.Core);

    public void Add(string sentence, Tier tier)
    {
        var segment = new Segment(sentence, StoryText.CountWords(sentence), tier) { Included = tier == Tier.Core };
        _segments.Add(segment);
        if (segment.Included)
            WordCount += segment.Words;
    }

    /// <summary>Includes the first left-out sentence of <paramref name="tier"/> that fits the budget; its words, or 0.</summary>
    public int IncludeNext(Tier tier, int budget)
    {
        foreach (var segment in _segments)
        {
            if (segment.Included || segment.Tier != tier || segment.Words > budget)
                continue;
            segment.Included = true;
            WordCount += segment.Words;
            return segment.Words;
        }
        return 0;
    }

    public string Render() => string.Join(' ', _segments.Where(s => s.Included).Select(s => s.Text));

    private sealed record Segment(string Text, int Words, Tier Tier)
    {
        public bool Included { get; set; }
    }
}
