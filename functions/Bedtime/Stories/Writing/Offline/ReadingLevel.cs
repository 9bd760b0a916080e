using System.Text.Json.Serialization;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>How the story reads: short, plain sentences for the youngest, longer and richer ones as children grow.</summary>
internal enum ReadingLevel
{
    /// <summary>Ages 5 and under.</summary>
    Little,
    /// <summary>Ages 6 to 8.</summary>
    Middle,
    /// <summary>Ages 9 and over.</summary>
    Older,
}

internal static class ReadingLevels
{
    public static ReadingLevel ForAge(int age) => age switch
    {
        <= 5 => ReadingLevel.Little,
        <= 8 => ReadingLevel.Middle,
        _ => ReadingLevel.Older,
    };
}

/// <summary>Alternative wordings of one story beat, per reading level. Each wording is one or more whole sentences.</summary>
[method: JsonConstructor]
internal sealed record Passage(string[] Little, string[] Middle, string[] Older)
{
    /// <summary>One wording for every level (short enough for the youngest).</summary>
    public Passage(params string[] all) : this(all, all, all) { }

    public string[] For(ReadingLevel level) => level switch
    {
        ReadingLevel.Little => Little,
        ReadingLevel.Middle => Middle,
        _ => Older,
    };
}
