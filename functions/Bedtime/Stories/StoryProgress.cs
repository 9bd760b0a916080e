namespace Bedtime.Stories;

/// <summary>
/// The percentage a story shows, from work done: words written (against the length's target until the text is
/// complete) and, when narration was asked for, words narrated — both count the same.
/// </summary>
internal static class StoryProgress
{
    public const int Started = 10;
    public const int Done = 100;
    private const int Span = 89; // never 100 before the story is completed

    public static int Of(StoryDocument story)
    {
        var written = story.Paragraphs.Sum(WrittenStory.CountWords);
        var range = StoryBrief.WordRange(story.Request.Length);
        var total = story.HasText ? Math.Max(written, 1) : Math.Max(written, (range.Min + range.Max) / 2);
        var narrated = story.Segments.Where(s => s.Paragraph < story.Paragraphs.Count).Sum(s => WrittenStory.CountWords(story.Paragraphs[s.Paragraph!.Value]));
        var (done, work) = story.Request.WantsNarration ? (written + narrated, 2.0 * total) : (written, total);
        return Started + (int)(Span * Math.Min(1, done / work));
    }
}
