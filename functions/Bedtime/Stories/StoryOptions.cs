using System.ComponentModel.DataAnnotations;

namespace Bedtime.Stories;

public sealed class StoryOptions
{
    public const string Section = "Stories";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WritingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest one segment (a paragraph) may take to narrate.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan NarrationTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Narrate each paragraph as soon as it is written (false: narrate once the whole text exists; a baseline for benchmarks).</summary>
    public bool ProgressiveNarration { get; set; } = true;

    /// <summary>While a story is written, paragraphs are saved at most this often (a narrated segment is saved at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DraftSaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a story's audio link stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AudioLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    [Range(1, 100)]
    public int MaxPageSize { get; set; } = 50;
}
