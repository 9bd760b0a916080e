using System.Text.Json.Serialization;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// The shared skeleton of every story, in the three reading levels, read from <c>Prose/beats.json</c>. Theme words come
/// in through slots: {Name} and {they}/{them}/{their} for the child (we do not know their gender), {comp} for the
/// companion, {who} for the character in trouble, {setting}, {theme}, {moral} and so on (<see cref="Slots.Known"/>).
/// </summary>
internal sealed class StoryBeats
{
    /// <summary>The beats every offline story is told with.</summary>
    public static StoryBeats Told { get; } = ProseFiles.Load<StoryBeats>("beats.json");

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    // Opening: who, where, and what they have been dreaming about.

    public required Passage Opening { get; init; }
    public required Passage ThemeLine { get; init; }
    public required Passage Hook { get; init; }

    // The companion arrives with the problem.

    public required Passage Arrival { get; init; }
    public required Passage Greeting { get; init; }

    /// <summary>Follows the greeting: a beat of narration first, so the two speeches do not run together.</summary>
    public required Passage Trouble { get; init; }
    public required Passage Agree { get; init; }
    public required Passage Travel { get; init; }
    public required Passage TravelChatter { get; init; }

    // The journey (medium and long stories).

    public required Passage Wonder { get; init; }
    public required Passage WonderRemark { get; init; }
    public required Passage Friend { get; init; }
    public required Passage FriendParting { get; init; }
    public required Passage ObstacleLead { get; init; }
    public required Passage Phew { get; init; }

    // Finding the one in trouble, and the attempts.

    public required Passage Found { get; init; }
    public required Passage FoundReaction { get; init; }
    public required Passage NextAttempt { get; init; }
    public required Passage Setback { get; init; }
    public required Passage Pause { get; init; }

    // The resolution and the moral.

    public required Passage Celebrate { get; init; }
    public required Passage Thanks { get; init; }
    public required Passage Reflection { get; init; }
    public required Passage RememberFriend { get; init; }
    public required Passage Lesson { get; init; }

    // Home and good night.

    /// <summary>Short stories come home in a line.</summary>
    public required Passage GoingHomeQuickly { get; init; }
    public required Passage GoingHome { get; init; }
    public required Passage Farewell { get; init; }
    public required Passage Keepsake { get; init; }
    public required Passage Snuggle { get; init; }
    public required Passage SleepImage { get; init; }
    public required Passage Drift { get; init; }
    public required Passage Final { get; init; }
    public required Passage DreamCheck { get; init; }
    public required Passage Cheer { get; init; }
    public required Passage OnAndOn { get; init; }
    public required Passage Closer { get; init; }
    public required Passage Hug { get; init; }

    /// <summary>Opens the first description of the way home (long stories).</summary>
    public required Passage HomeWonder { get; init; }
    public required Passage Routine { get; init; }

    /// <summary>Small exchanges on the journey; each is used at most once per story.</summary>
    public required Passage Chatter { get; init; }
    public required Passage Party { get; init; }
    public required Passage FriendAtParty { get; init; }
    public required Passage SecondCall { get; init; }
    public required Passage SecondTrouble { get; init; }
    public required Passage KnewWhatToDo { get; init; }
    public required Passage RiddleGame { get; init; }
    public required Passage Riddle { get; init; }
    public required Passage GoodnightRound { get; init; }
    public required Passage FarAwayYawn { get; init; }

    /// <summary>A goodnight rhyme the companion sings at the end of long stories.</summary>
    public required Passage Lullaby { get; init; }
}
