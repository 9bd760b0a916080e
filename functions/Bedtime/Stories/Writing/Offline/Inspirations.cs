namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// Weaves up to three of the parent's uploads into the story: the first at the start, the second on the adventure,
/// the third at bedtime. Summaries are data: cleaned, shortened and placed in a slot ({s}), never treated as text
/// to follow.
/// </summary>
internal static class Inspirations
{
    public const int Max = 3;
    public enum Kind { Picture, Words, Voice }

    public sealed record Woven(Kind Kind, string Summary);

    /// <summary>The usable inspirations, cleaned and cut to <paramref name="maxLength"/>, at most <see cref="Max"/>.</summary>
    public static List<Woven> Prepare(IReadOnlyList<StoryInspiration>? inspirations, int maxLength)
    {
        var woven = new List<Woven>(Max);
        foreach (var inspiration in inspirations ?? [])
        {
            if (woven.Count == Max)
                break;
            var summary = StoryText.Clean(inspiration.Summary, maxLength);
            if (summary.Length == 0)
                continue;
            var kind = inspiration.Kind?.Trim().ToLowerInvariant() switch
            {
                "image" => Kind.Picture,
                "audio" => Kind.Voice,
                _ => Kind.Words,
            };
            // A picture's summary names what it shows; text and recordings are quoted as they are.
            woven.Add(kind == Kind.Picture
                ? new Woven(kind, StoryText.PictureSubject(summary))
                : new Woven(kind, StoryText.Capitalise(summary)));
        }
        return woven;
    }

    /// <summary>The sentence for the inspiration at <paramref name="position"/> (0 start, 1 adventure, 2 bedtime).</summary>
    public static Passage For(Woven inspiration, int position) => (inspiration.Kind, position) switch
    {
        (Kind.Picture, _) when inspiration.Summary.Length == 0 => UnnamedPicture[position],
        (Kind.Picture, _) => Picture[position],
        (Kind.Voice, _) => Voice[position],
        _ => Words[position],
    };

    private static readonly Passage[] Picture =
    [
        new(
            ["By {their} bed hung a picture of {s}."],
            ["Beside {their} bed hung a picture of {s}, and tonight it seemed to shimmer."],
            ["On the wall beside the bed hung a picture of {s}, and tonight, in the lamplight, it almost seemed to be breathing."]),
        new(
            ["Then {Name} saw something amazing. It was {s}, just like the picture at home!"],
            ["Then {Name} gasped. There, right in front of them, was {s}, exactly like the picture by {their} bed, come to life!"],
            ["And then {Name} stopped and stared, because there, as if it had stepped straight out of the picture beside {their} bed, was {s}."]),
        new(
            ["{Name} looked at the picture of {s}, and smiled."],
            ["{Name} looked up at the picture of {s} by the bed, and smiled a sleepy smile."],
            ["{Their} eyes drifted to the picture of {s} beside the bed, and {they} smiled, because now it felt like an old friend."]),
    ];

    private static readonly Passage[] UnnamedPicture =
    [
        new(
            ["By {their} bed hung {their} favourite picture."],
            ["Beside {their} bed hung {their} favourite picture, and tonight it seemed to shimmer."],
            ["On the wall beside the bed hung {their} favourite picture, and tonight, in the lamplight, it almost seemed to glow."]),
        new(
            ["{Name} thought of {their} favourite picture at home. This looked just like it!"],
            ["{Name} gasped. It all looked exactly like {their} favourite picture at home, come to life!"],
            ["{Name} stopped and stared: it looked exactly like the favourite picture beside {their} bed, as if the painting had opened a door."]),
        new(
            ["{Name} looked at {their} favourite picture, and smiled."],
            ["{Name} looked up at {their} favourite picture by the bed, and smiled a sleepy smile."],
            ["{Their} eyes drifted to the favourite picture beside the bed, and {they} smiled."]),
    ];

    private static readonly Passage[] Words =
    [
        new(
            ["{They} were still thinking about a story from earlier: “{S}.”"],
            ["{They} were still thinking about a story from earlier that day: “{S}.”"],
            ["{Their} mind kept returning to some words read earlier that day: “{S}.”"]),
        new(
            ["On the way, {Name} told {comp} about a favourite story: “{S}.” “I like that,” said {comp}."],
            ["To pass the time, {Name} told {comp} about a favourite story: “{S}.” “What a lovely story,” said {comp}."],
            ["To pass the time, {Name} told {comp} about a favourite story, the one that goes: “{S}.” {Comp} listened with great interest."]),
        new(
            ["{Name} thought about {their} favourite story: “{S}.”"],
            ["The words of {their} favourite story floated by like little boats: “{S}.”"],
            ["The words of {their} favourite story drifted past like little paper boats on a slow river: “{S}.”"]),
    ];

    private static readonly Passage[] Voice =
    [
        new(
            ["{They} could still hear a special voice from earlier. It said, “{S}.”"],
            ["{They} could still hear a voice from a recording that evening, saying, “{S}.”"],
            ["A voice from a recording heard earlier that evening was still echoing in {their} ears: “{S}.”"]),
        new(
            ["To feel brave, {Name} remembered the voice from the recording: “{S}.”"],
            ["To feel brave, {Name} remembered the voice from the recording, saying, “{S}.”"],
            ["Whenever the way seemed long, {Name} remembered the voice from the recording, saying, “{S}.”"]),
        new(
            ["Softly, a loving voice seemed to say, “{S}.”"],
            ["Somewhere, softly, a loving voice seemed to say, “{S}.”"],
            ["Somewhere at the edge of sleep, a loving voice seemed to say, “{S}.”"]),
    ];
}
