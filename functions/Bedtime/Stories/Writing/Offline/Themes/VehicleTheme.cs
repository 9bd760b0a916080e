namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class VehicleTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "vehicles",
        Keywords =
        [
            "train", "railway", "railroad", "engine", "locomotive", "steam", "car", "truck", "lorry", "lorries", "bus",
            "digger", "excavator", "plane", "aeroplane", "airplane", "helicopter", "vehicle", "race", "racing", "bike",
            "bicycle", "motorbike", "crane", "transport", "taxi", "van", "station", "track", "wheel", "bulldozer", "tram",
        ],
        DefaultSetting = "in a busy little town beside the railway line",
        DefaultVirtue = Virtues.Perseverance,
        TitleWords = ["Railway", "Big Train", "Night Train"],
        Exclamations = ["Toot, toot, hooray!", "Full steam ahead!", "Wheels and whistles!"],
        Companions =
        [
            new("Puffin", "a little blue steam engine with a cheerful whistle", "the little engine", "tooted",
                "a cheerful whistle, toot-toot, sounded outside the window",
                "Puffin blew a happy cloud of steam", "Puffin's whistle gave a worried little peep"),
            new("Rosie", "a bright red fire engine with a shiny silver bell", "the fire engine", "said",
                "a silver bell went ding-a-ling outside the window",
                "Rosie rang her bell, ding-a-ling-a-ling", "Rosie's lights blinked nervously"),
            new("Digby", "a yellow digger with a big, friendly scoop", "the digger", "rumbled",
                "something big and yellow rumbled up outside the window",
                "Digby waved his scoop in the air", "Digby's scoop drooped down"),
        ],
        Problems =
        [
            new(ProblemKind.Stuck, Who: "Bertie", Intro: "the little red bus", Title: "the Little Red Bus",
                Trouble: "Bertie the little red bus is stuck in deep mud, and everyone on board is waiting to get home.",
                TroubleRich: "Bertie, the little red bus that carries everyone home at night, is stuck in a deep, muddy puddle, and all the sleepy passengers are waiting.",
                Where: "stuck in a big muddy puddle at the bottom of Bumpy Hill",
                State: "Bertie's wheels spun round and round, splattering mud everywhere.",
                Fixed: "Vroom! Bertie's wheels gripped at last, and out of the mud rolled the little red bus. All the passengers clapped and cheered.",
                FixedRich: "Vroom! Bertie's wheels found their grip at last, and out of the mud rolled the little red bus, while all the sleepy passengers clapped and cheered."),
            new(ProblemKind.Dim, Who: "Old Clanky", Intro: "the night train", Title: "the Night Train's Lost Light",
                Trouble: "Old Clanky the night train has lost the light on its front. It can't see the tracks in the dark!",
                TroubleRich: "Old Clanky, the night train, has lost the great lamp on its front, and without it, it can't see the tracks to carry the sleeping passengers home.",
                Where: "waiting in the dark at the edge of Sleepy Hollow Station",
                State: "Old Clanky's big front lamp had gone dark, and Old Clanky sighed a sad puff of steam.",
                Fixed: "Click, flicker, glow! Old Clanky's big front lamp shone out bright and golden, lighting up the tracks for miles. With a happy toot, off went the night train.",
                FixedRich: "Click, flicker, glow! Old Clanky's great front lamp blazed out bright and golden, lighting the silver tracks for miles, and with a happy toot, the night train rolled away into the dark."),
            new(ProblemKind.Scared, Who: "Skye", Intro: "the little aeroplane", Title: "the Little Plane Who Was Scared to Fly",
                Trouble: "Skye the little aeroplane is scared to fly at night. But Skye has to carry the letters home!",
                TroubleRich: "Skye, the little post plane, has never flown at night before and is much too scared to take off, but all the letters have to be home by morning.",
                Where: "sitting at the end of the runway",
                State: "Skye's propeller wasn't turning, and Skye's wings were shaking.",
                Fixed: "Skye's propeller began to turn, faster and faster. Zoom! Down the runway and up into the night sky went Skye, delivering every letter on time.",
                FixedRich: "Skye's propeller began to turn, faster and faster. Zoom! Down the runway and up into the starry sky went the little plane, and every single letter was delivered on time."),
        ],
        Travel = new(
            "they rattled along the railway tracks, clickety-clack, clickety-clack",
            "they rattled along the silver railway tracks through the sleeping town, clickety-clack, past dark windows and quiet gardens"),
        TravelHome = new(
            "they rolled slowly back through the sleeping town, all the way to {Name}'s front door",
            "they rolled slowly back through the sleeping town, all the way to {Name}'s front door, with the tracks humming softly beneath them"),
        Details =
        [
            "the wheels went clickety-clack",
            "a signal light blinked from red to green",
            "the railway tracks shone like silver ribbons",
            "a steam whistle tooted far away",
            "the streetlights glowed orange",
            "a big crane stood still, like a sleeping giraffe",
            "the station clock went tick, tock",
            "puffs of white steam floated up to the stars",
            "a sleepy lorry rumbled past",
            "the bridge went clang as they crossed it",
            "a police car's light blinked blue",
            "a taxi beeped a friendly beep",
            "the road shone wet and shiny",
            "a tractor chugged home across a field",
        ],
        RichDetails =
        [
            "the railway tracks gleamed in the moonlight, stretching away like two silver ribbons into the dark",
            "signal lamps blinked patiently beside the line, red, then amber, then green",
            "clouds of soft white steam drifted up and mingled with the stars",
            "the sleeping town slid past, its windows dark and its chimneys quiet",
            "far away, a goods train rumbled across a bridge, its carriages rattling like a long, slow drumroll",
            "the station clock kept time with a steady, patient tick that echoed along the empty platform",
            "the cranes at the harbour stood tall and still against the sky, like giraffes asleep on their feet",
        ],
        Places = ["behind the old engine shed", "under the railway bridge", "inside the empty station", "beside the signal box", "around the big roundabout"],
        Guide = new("a map of the railway lines", "the railway map"),
        Rope = new("a strong tow rope", "the tow rope"),
        Light = new("a big yellow torch", "the torch"),
        Obstacles =
        [
            new("A level-crossing gate was down across the road.", "They waited patiently until the lights blinked green and the gate lifted up."),
            new("A flock of sheep was wandering along the track.", "{Name} waved and called, and the sheep trotted off, baa-ing politely."),
        ],
        SleepImages =
        [
            "far away, a night train gave a soft, sleepy toot",
            "the streetlights glowed like little moons",
            "the whole town was tucked up and snoring",
            "the railway tracks shone quietly under the stars",
        ],
        Keepsakes = ["a shiny silver whistle", "a real train ticket with a golden star on it"],
    };
}
