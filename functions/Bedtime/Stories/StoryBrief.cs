namespace Bedtime.Stories;

public enum StoryLength { Short, Medium, Long }

/// <summary>Material from one of the parent's ready uploads that the story may weave in.</summary>
public sealed record StoryInspiration(string Kind, string Summary);

/// <summary>
/// Everything a story writer needs, already validated and safety-checked. User text here is data: writers must
/// never splice it into instructions (delimit it). <see cref="Strict"/>: an earlier text for this request failed the
/// content check, so the writer must keep further from anything that could.
/// </summary>
public sealed record StoryBrief(
    string ChildName, int Age, string Theme, string? Setting, string? Moral, StoryLength Length, string Language,
    IReadOnlyList<StoryInspiration> Inspirations, int Seed, bool Strict = false)
{
    /// <summary>Target word counts per length.</summary>
    public static (int Min, int Max) WordRange(StoryLength length) => length switch
    {
        StoryLength.Short => (250, 400),
        StoryLength.Medium => (500, 700),
        StoryLength.Long => (900, 1200),
        _ => throw new ArgumentOutOfRangeException(nameof(length)),
    };
}

/// <summary>A written story: a title and its paragraphs, plus what it cost.</summary>
public sealed record WrittenStory(string Title, IReadOnlyList<string> Paragraphs, int PromptTokens = 0, int CompletionTokens = 0)
{
    public int WordCount => Paragraphs.Sum(CountWords);

    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
