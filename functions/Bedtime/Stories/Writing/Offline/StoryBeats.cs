namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// The shared skeleton of every story, in the three reading levels. Theme words come in through slots:
/// {Name} and {they}/{them}/{their} for the child (we do not know their gender), {comp} for the companion,
/// {who} for the character in trouble, {setting}, {theme}, {moral} and so on.
/// </summary>
internal static class StoryBeats
{
    // Opening: who, where, and what they have been dreaming about.

    public static readonly Passage Opening = new(
        [
            "Once upon a time, {setting}, there lived a child called {Name}.",
            "This is a story about {Name}. {Name} lived {setting}.",
            "Far, far away, {setting}, there lived a child named {Name}.",
        ],
        [
            "Once upon a time, {setting}, there lived a curious child called {Name}.",
            "Not so very long ago, {setting}, there lived a child named {Name} who loved adventures.",
            "{Setting}, where the nights were soft and quiet, lived a child called {Name}.",
        ],
        [
            "Not so very long ago, {setting}, there lived a child named {Name}, who noticed things that everyone else walked straight past.",
            "{Setting}, where the evenings were long and the nights were full of quiet secrets, lived a child called {Name}.",
            "Once upon a time, {setting}, there lived a thoughtful, curious child named {Name}, whose head was always buzzing with questions.",
        ]);

    public static readonly Passage ThemeLine = new(
        ["All day long, {they} had been dreaming about {theme}.", "All day, {they} had been thinking about {theme}."],
        [
            "All day long, {they} had been thinking about {theme}, and even at bedtime {they} couldn't stop.",
            "{Name} had spent the whole day dreaming about {theme}, and {their} head was still full of it.",
        ],
        [
            "All day, {their} thoughts had been full of {theme}, and even now, with the lamp turned low, those thoughts kept drifting back like boats to a harbour.",
            "{Name} had spent the entire day imagining {theme}, and {their} mind was still wide awake with it.",
        ]);

    public static readonly Passage Hook = new(
        ["It was bedtime. But {Name} was not sleepy. Not one bit.", "The house was quiet. But {Name}'s eyes were wide open."],
        ["It was nearly bedtime, but {Name} wasn't the least bit sleepy.", "The house had gone quiet, but {Name}'s eyes were still wide open."],
        [
            "It was long past bedtime, yet {Name} was not remotely sleepy; something about the night felt as if it were waiting.",
            "The house had settled into its evening hush, but {Name} lay wide awake, with the curious feeling that something was about to happen.",
        ]);

    // The companion arrives with the problem.

    public static readonly Passage Arrival = new(
        ["Then, all of a sudden, {arrival}. It was {comp}, {compIntro}.", "Just then, {arrival}. Who could it be? It was {comp}, {compIntro}."],
        ["Just then, {arrival}. It was {comp}, {compIntro}.", "Suddenly, {arrival}. {Name} sat up in bed. It was {comp}, {compIntro}."],
        [
            "At that very moment, {arrival}. {Name} sat bolt upright, hardly daring to breathe. It was {comp}, {compIntro}.",
            "And then, just as a far-off clock struck the hour, {arrival}. It was {comp}, {compIntro}.",
        ]);

    public static readonly Passage Greeting = new(
        ["“Hello, {Name}!” {says} {comp}.", "“There you are, {Name}!” {says} {comp}."],
        ["“Hello, {Name}!” {says} {comp}. “I was hoping you'd still be awake.”", "“Oh, good, you're awake!” {says} {comp}. “I've come a very long way to find you.”"],
        [
            "“{Name}! Thank goodness you're still awake,” {says} {comp}, a little out of breath. “I've come an awfully long way to find you.”",
            "“I hope I didn't startle you,” {says} {comp}. “I wouldn't have come so late, but there's something only you can help with.”",
        ]);

    /// <summary>Follows the greeting: a beat of narration first, so the two speeches do not run together.</summary>
    public static readonly Passage Trouble = new(
        ["{Comp} looked worried. “Please help! {trouble}”", "Then {comp} said, “{trouble} Can you help?”"],
        ["{Worried}. “I need your help. {trouble}”", "Then {comp} spoke more quietly. “Something terrible has happened. {trouble}”"],
        [
            "{Worried}. “Something has gone terribly wrong. {trouble} I didn't know who else to ask.”",
            "Then {comp}'s voice grew serious. “{trouble} Will you come?”",
        ]);

    public static readonly Passage Agree = new(
        ["{Name} jumped out of bed. “I'll help!” {they} said.", "“Yes!” said {Name}. “Let's go!”"],
        ["{Name} didn't even stop to find {their} slippers. “Of course I'll help,” {they} said.", "“Then let's go,” said {Name}, already climbing out of bed."],
        [
            "{Name} was already pulling on a warm jumper. “Of course I'll help,” {they} said, surprised by how steady {their} voice sounded.",
            "For a moment {Name} hesitated, thinking of the warm bed and the quiet house. Then {they} nodded. “Show me the way.”",
        ]);

    public static readonly Passage Travel = new(
        ["Then {travel}.", "Together, {travel}."],
        ["Together, {travel}.", "A moment later, {travel}."],
        ["Moments later, {travel}.", "Before {Name} quite knew what was happening, {travel}."]);

    public static readonly Passage TravelChatter = new(
        ["“Hold on tight!” called {compKind}.", "{Name} laughed. It felt like flying!", "“Are you scared?” asked {comp}. “Only a little,” said {Name}."],
        [
            "“Hold on tight!” called {comp}. “It gets a bit bumpy here.”",
            "{Name}'s tummy did a little somersault, and {they} laughed out loud.",
            "“Are you scared?” asked {comp}. “Only a little bit,” said {Name}. “But I'm still coming.”",
        ],
        [
            "“Hold on tight,” called {comp}. “This next part can be a little bumpy.”",
            "{Name}'s stomach swooped the way it does at the top of a swing, and {they} laughed out loud in surprise.",
            "“Are you frightened?” asked {comp}. {Name} considered this honestly. “A little,” {they} said. “But mostly excited.”",
        ]);

    // The journey (medium and long stories).

    public static readonly Passage Wonder = new(
        ["On the way, they saw wonderful things.", "What a journey it was!"],
        ["The journey was full of wonders.", "{Name} had never seen anything like it."],
        ["It was a journey {Name} would remember for a very long time.", "Everywhere {Name} looked, there was something new and astonishing to see."]);

    public static readonly Passage WonderRemark = new(
        ["“Isn't it beautiful?” whispered {compKind}.", "“Wow,” whispered {Name}."],
        ["“Isn't it beautiful?” whispered {compKind}. {Name} could only nod."],
        ["“Most people never get to see this,” {comp} said quietly. {Name} didn't answer; there simply weren't words big enough."]);

    public static readonly Passage Friend = new(
        ["Soon, they met {friend}, {friendIntro}. “Where are you going?” {friendSays} {friend}. {Name} told {friend} all about {who}."],
        ["Before long, they met {friend}, {friendIntro}. “Where are you off to so late?” {friendSays} {friend}. {Name} explained about {who}, and {friend} listened carefully."],
        ["Halfway there, they came across {friend}, {friendIntro}, who was out enjoying the night air. “And where might you two be going at this hour?” {friendSays} {friend}. {Name} explained everything, and {friend} listened, nodding slowly."]);

    public static readonly Passage FriendParting = new(
        ["{Name} said thank you. Then they hurried on.", "They waved goodbye and hurried on."],
        ["{Name} tucked those words away, like a pebble in a pocket, and they hurried on."],
        ["{Name} tucked those words away carefully, the way you keep a smooth pebble in your pocket, and they hurried on."]);

    public static readonly Passage ObstacleLead = new(
        ["But then, uh-oh!", "Then there was a problem."],
        ["A little further on, they ran into a problem.", "Not everything on the journey was easy."],
        ["Not every part of the journey was easy.", "They had not gone much further when they ran into difficulty."]);

    public static readonly Passage Phew = new(
        ["“Phew!” said {comp}.", "“We did it!” said {Name}."],
        ["“Phew!” said {comp}. “That was close.”", "“That wasn't so bad,” said {Name}, grinning."],
        ["“Phew,” said {comp}. “I'm glad you were here for that.”", "{Name} grinned. It was surprising what you could manage when you had to."]);

    // Finding the one in trouble, and the attempts.

    public static readonly Passage Found = new(
        ["At last, they found {who} {where}. {state}", "There, {where}, was {who}. {state}"],
        ["At last they found {who} {where}. {state}", "It didn't take long to find {who}. There, {where}, was {who}. {state}"],
        ["Before long, they found {who} {where}. {state}", "At last, after what felt like hours, they found {who} {where}. {state}"]);

    public static readonly Passage FoundReaction = new(
        ["“Oh dear,” whispered {Name}.", "“Poor thing,” said {Name} softly."],
        ["“Oh, you poor thing,” whispered {Name}.", "{Name} knelt down. “Don't worry. We're here to help.”"],
        ["{Name}'s heart gave a small, sad squeeze.", "{Name} knelt down carefully. “Don't worry,” {they} said. “We're here to help.”"]);

    public static readonly Passage NextAttempt = new(
        ["{Name} had another idea.", "“Let's try something else,” said {comp}."],
        ["{Name} thought hard. “Let's try something else.”", "“Never mind,” said {comp}. “Let's try another way.”"],
        ["{Name} refused to be discouraged. “All right,” {they} said. “Let's try something different.”", "“Well, that didn't work,” said {comp}, “but we're not finished yet.”"]);

    public static readonly Passage Setback = new(
        ["“Oh dear,” sighed {Name}.", "{CompKind} sighed a big sigh."],
        ["{Comp} sighed. “Oh dear.”", "“Oh dear,” sighed {Name}. “That didn't work at all.”"],
        ["{Comp} sighed. “Well, that was disappointing.”", "{Name} sighed. It was all much harder than it had looked."]);

    public static readonly Passage Pause = new(
        ["For a moment, nobody said a word.", "“Hmm,” said {comp}. “Let me think.”"],
        ["For a moment, nobody said anything at all.", "“Hmm,” said {comp}. “Let me think about this.”"],
        ["For a long moment, nobody said anything at all, and the only sound was the night itself.", "“Hmm,” said {comp}, frowning thoughtfully. “There must be a way.”"]);

    // The resolution and the moral.

    public static readonly Passage Celebrate = new(
        ["“{Exclaim} You did it!” cried {comp}. {Happy}."],
        ["“{Exclaim} You did it!” cried {comp}, and {happy}."],
        ["“{Exclaim}” cried {comp}. “You actually did it!” {Happy}, and {Name} found {they} were laughing too."]);

    public static readonly Passage Thanks = new(
        ["“Thank you!” said {who}. “Thank you, thank you!”"],
        ["“Thank you,” said {who}. “Thank you so much. I'll never forget this.”"],
        ["“Thank you,” {who} said, over and over. “I don't know what I'd have done without you.”"]);

    public static readonly Passage Reflection = new(
        ["{Name} felt warm and happy inside."],
        ["{Name} felt a warm glow inside, as if {they} had swallowed a little piece of sunshine."],
        ["{Name} felt something warm and quiet settle deep inside, the kind of feeling that stays long after an adventure is over."]);

    public static readonly Passage RememberFriend = new(
        ["{Name} remembered what {friend} had said, and smiled."],
        ["{Name} remembered what {friend} had said on the way, and smiled."],
        ["{Name} thought of {friend}'s words on the way, and understood them properly at last."]);

    public static readonly Passage Lesson = new(
        ["And that is what {Name} learned that night: {moral}.", "{Name} smiled. Now {they} knew something important: {moral}."],
        ["And that was the lesson of the night: {moral}.", "{Name} understood something important that night: {moral}."],
        ["Long afterwards, {Name} would remember what that night had taught {them}: {moral}.", "And {Name} understood something that would stay with {them} for a long time: {moral}."]);

    // Home and good night.

    /// <summary>Short stories come home in a line.</summary>
    public static readonly Passage GoingHomeQuickly = new(
        ["Then it was time to go home.", "Soon it was time to go home."],
        ["Then it was time to go home.", "Soon it was time to go home."],
        ["Then, at last, it was time to go home.", "Soon it was time to go home."]);

    public static readonly Passage GoingHome = new(
        ["At last, it was time to go home. {TravelHome}.", "Then it was time to go home. {TravelHome}."],
        ["At last, it was time to go home, and {travelHome}.", "By now it was very late, and {travelHome}."],
        ["At last, it was time to go home, and {travelHome}.", "The night was growing old, and so {travelHome}."]);

    public static readonly Passage Farewell = new(
        ["“Goodbye, {Name},” {says} {comp}. “Thank you for helping.”", "“Goodnight, {Name},” {says} {comp}. “You were wonderful.”"],
        ["“Goodbye, {Name},” {says} {comp} at the window. “Thank you for everything.”", "“Goodnight, {Name},” {says} {comp}. “I knew you were the right one to ask.”"],
        ["At the window, {comp} paused. “Thank you, {Name},” {says} {comp}. “I knew you were the right person to ask.”", "“Goodnight, {Name},” {says} {comp}. “I'll be seeing you again, I think, some other night.”"]);

    public static readonly Passage Keepsake = new(
        ["{Comp} gave {Name} a present: {keepsake}."],
        ["Before leaving, {comp} gave {Name} a present to keep: {keepsake}."],
        ["Before leaving, {comp} pressed something small into {Name}'s hand: {keepsake}. “So you'll remember,” {says} {comp}."]);

    public static readonly Passage Snuggle = new(
        ["{Name} snuggled down under the warm covers.", "{Name} climbed into bed and pulled the covers up to {their} chin."],
        ["{Name} snuggled down under the warm covers, cosy as a dormouse.", "{Name} climbed back into bed and pulled the soft covers right up to {their} chin."],
        ["{Name} slid back under the covers, which were still faintly warm, and pulled them right up to {their} chin.", "Back in bed, {Name} lay with {their} head on the cool pillow, listening to the quiet."]);

    public static readonly Passage SleepImage = new(
        ["{SleepImage}."],
        ["{SleepImage}.", "Outside, {sleepImage}."],
        ["Outside, {sleepImage}.", "Far away, {sleepImage}."]);

    public static readonly Passage Drift = new(
        ["{Name}'s eyes grew heavy. {They} gave a big, slow yawn.", "{Name}'s eyes closed, slowly, slowly."],
        ["{Name}'s eyelids grew heavier and heavier, and {they} gave a long, slow yawn.", "{Name} yawned a great big yawn, and {their} eyes slowly closed."],
        ["{Name}'s eyelids grew heavy, and {their} thoughts began to blur and soften at the edges, the way thoughts do just before sleep.", "One last enormous yawn, and {Name}'s eyes slowly closed."]);

    public static readonly Passage Final = new(
        ["Goodnight, {Name}. Sweet dreams.", "Sleep tight, {Name}. Goodnight."],
        ["Soon {Name} was fast asleep, dreaming of {theme}. Goodnight, {Name}.", "And before long, {Name} was fast asleep. Goodnight, {Name}, and sweet dreams."],
        ["Before long, {Name} was fast asleep, drifting through dreams full of {theme}. Goodnight, {Name}.", "Within moments, {Name} was sound asleep, while the night kept watch. Goodnight, {Name}."]);

    public static readonly Passage DreamCheck = new(
        ["{Name} rubbed {their} eyes. Was this a dream? No, it was real!"],
        ["{Name} rubbed {their} eyes. Was this a dream? It didn't feel like one."],
        ["{Name} pinched {their} own arm, just to be sure. It was not a dream."]);

    public static readonly Passage Cheer = new(
        ["Everybody cheered. Hip, hip, hooray!"],
        ["Everybody cheered, and the cheer echoed all around."],
        ["A cheer went up that seemed to echo for miles."]);

    public static readonly Passage OnAndOn = new(
        ["Off they went, on and on and on.", "Away they went, faster and faster."],
        ["On and on they went, further than {Name} had ever been before."],
        ["On and on they went, further than {Name} had ever been, and the night seemed to open up ahead of them."]);

    public static readonly Passage Closer = new(
        ["They tiptoed closer. And closer. And closer still."],
        ["Very quietly, they tiptoed closer."],
        ["Very quietly, so as not to frighten anyone, they crept closer."]);

    public static readonly Passage Hug = new(
        ["Then {comp} gave {Name} a great big hug."],
        ["Then {comp} gave {Name} the biggest hug in the world."],
        ["Then {comp} gave {Name} an enormous hug, which said more than any words could."]);

    /// <summary>Opens the first description of the way home (long stories).</summary>
    public static readonly Passage HomeWonder = new(
        ["The way home was lovely too.", "Everything was quiet now."],
        ["The way home was lovely too.", "Everything was quiet and peaceful now."],
        ["The way home was quieter, and just as beautiful.", "Everything was calm and peaceful now."]);

    public static readonly Passage Routine = new(
        ["{Name} had had a warm bath. {They} had brushed {their} teeth. {They} had put on {their} cosiest pyjamas."],
        ["{Name} had already had a bath, brushed {their} teeth and put on {their} cosiest pyjamas."],
        ["The bath was done, the teeth were brushed, and the cosiest pyjamas were on."]);

    /// <summary>Small exchanges on the journey; each is used at most once per story.</summary>
    public static readonly Passage Chatter = new(
        [
            "“Are we nearly there?” asked {Name}. “Nearly,” said {comp}. “Just a little further.”",
            "“I'm so glad you came,” said {comp}. “Me too,” said {Name}.",
            "“What do you like best?” asked {comp}. “{Theme}!” said {Name}.",
            "{Comp} hummed a happy tune, and {Name} hummed along.",
            "“Are you tired?” asked {comp}. “Not one bit,” said {Name}. That was not quite true.",
        ],
        [
            "“Are we nearly there yet?” asked {Name}. “Nearly,” said {comp}. “Just a little bit further.”",
            "“I'm so glad you came with me,” said {comp}. “So am I,” said {Name}, and meant it.",
            "“What do you like best in the whole world?” asked {comp}. “{Theme}!” said {Name}, without even stopping to think.",
            "{Comp} began to hum a cheerful tune, and after a while {Name} was humming along too.",
            "“Are you getting tired?” asked {comp}. “Not one bit,” said {Name}, which was not quite true.",
        ],
        [
            "“Are we nearly there?” asked {Name}. “Nearly,” said {comp}, which, {Name} suspected, is what everyone says on long journeys.",
            "“I'm very glad you came,” said {comp} quietly. “So am I,” said {Name}, surprised by how true it was.",
            "“What do you love most in all the world?” asked {comp}. “{Theme},” said {Name} at once, without needing to think about it.",
            "{Comp} began to hum a cheerful, wandering tune, and before long {Name} was humming along.",
            "“Not tired yet?” asked {comp}. “Not in the slightest,” said {Name}, which was very nearly true.",
        ]);

    public static readonly Passage Party = new(
        ["Then there was a big party! Everyone danced and sang. {Comp} did the silliest dance of all."],
        ["Then there was a party, right there and then. Everyone danced and sang, and {comp} did the silliest dance anyone had ever seen."],
        ["What followed was the most wonderful, ridiculous celebration: everyone danced and sang, and {comp} performed a dance so silly that {Name} laughed until {their} sides ached."]);

    public static readonly Passage FriendAtParty = new(
        ["{Friend} came too, and danced with everyone."],
        ["{Friend} turned up as well, and joined in the dancing."],
        ["{Friend} arrived halfway through and joined in the dancing with great enthusiasm."]);

    public static readonly Passage SecondCall = new(
        ["Just as they were leaving, they heard a small, sad sound."],
        ["Just as they were about to leave, they heard a small, sad sound."],
        ["They were just about to leave when they heard a small, unhappy sound nearby."]);

    public static readonly Passage SecondTrouble = new(
        ["“Oh no,” whispered {comp}. “{trouble2}”"],
        ["“Oh no,” whispered {comp}. “{trouble2}”"],
        ["“Oh dear,” murmured {comp}. “{trouble2}”"]);

    public static readonly Passage KnewWhatToDo = new(
        ["This time, {Name} knew just what to do. {They} did it again, the very same way."],
        ["This time, {Name} didn't need to think. {They} knew exactly what to do, and did it the very same way as before."],
        ["This time, {Name} didn't hesitate for a moment: {they} knew exactly what to do, and did it just as before."]);

    public static readonly Passage RiddleGame = new(
        ["To pass the time, they played a riddle game."],
        ["To pass the time, they played a riddle game."],
        ["To pass the time, they took turns asking riddles."]);

    public static readonly Passage Riddle = new(
        [
            "“What has a face and two hands, but no arms or legs?” asked {comp}. {Name} thought hard. “A clock!”",
            "“What gets wetter and wetter the more it dries?” asked {comp}. {Name} giggled. “A towel!”",
            "“What has lots of keys, but can't open a single door?” asked {comp}. “A piano!” laughed {Name}.",
            "“What goes up and down, but never moves?” asked {comp}. {Name} thought and thought. “The stairs!”",
        ]);

    public static readonly Passage GoodnightRound = new(
        ["“Goodnight, stars,” whispered {Name}. “Goodnight, moon. Goodnight, {comp}.”"],
        ["“Goodnight, stars,” {Name} whispered. “Goodnight, moon. Goodnight, {comp}, wherever you are.”"],
        ["“Goodnight, stars,” {Name} whispered. “Goodnight, moon. Goodnight, {comp}, wherever you are.”"]);

    public static readonly Passage FarAwayYawn = new(
        ["Far away, {comp} was yawning too."],
        ["Somewhere far away, {comp} was yawning too."],
        ["Somewhere far away, {comp} was yawning too, and the whole night seemed to yawn along."]);

    /// <summary>A goodnight rhyme the companion sings at the end of long stories.</summary>
    public static readonly Passage Lullaby = new(
        [
            "Then {comp} sang a little song. “Hush now, hush now, close your eyes. The moon is up, the stars are wise. Sleep now, sleep now, safe and sound. The night is soft all around.”",
            "Then {comp} sang a sleepy song. “Goodnight, goodnight, the day is done. You helped a friend, and had such fun. Now snuggle down and rest your head. It's time to sleep, all tucked in bed.”",
        ],
        [
            "Softly, {comp} began to sing. “Hush now, hush now, close your eyes. The moon is up, the stars are wise. Sleep now, sleep now, safe and sound. The night is soft and all around.”",
            "Softly, {comp} sang a sleepy song. “Goodnight, goodnight, the day is done. You helped a friend, and had such fun. So snuggle down and rest your head, it's time to sleep, all tucked in bed.”",
        ],
        [
            "Very softly, {comp} began to sing an old song, one that sounded as though it had been sung to a great many children on a great many nights. “Hush now, hush now, close your eyes. The moon is up, the stars are wise. Sleep now, sleep now, safe and sound, the night is soft and all around.”",
            "Very softly, {comp} sang a lullaby, so quietly that it was almost part of the night itself. “Goodnight, goodnight, the day is done. You helped a friend when help was none. So rest your head and close your eyes, until the morning sun can rise.”",
        ]);
}
