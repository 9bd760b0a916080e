namespace Bedtime.Stories;

/// <summary>The percentage a story shows at each stage of its job (writing takes most of the time without narration).</summary>
internal static class StoryProgress
{
    public const int Writing = 10;
    public const int Narrating = 60;
    public const int Done = 100;
}
