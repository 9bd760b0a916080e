namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class OceanTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "ocean",
        Keywords =
        [
            "ocean", "sea", "seaside", "mermaid", "merman", "mer", "whale", "dolphin", "fish", "shark", "octopus", "octopi",
            "coral", "reef", "underwater", "beach", "shell", "seashell", "submarine", "wave", "turtle", "starfish",
            "seahorse", "jellyfish", "crab", "seal", "tide", "lagoon", "aquarium", "marine", "lobster", "diving", "diver",
        ],
        DefaultSetting = "in a little white cottage at the edge of the sea",
        DefaultVirtue = Virtues.Kindness,
        TitleWords = ["Underwater", "Seashell", "Deep Blue"],
        Exclamations = ["Bubbles and barnacles!", "Oh, my shimmering scales!", "Splish, splash, hooray!"],
        Companions =
        [
            new("Marina", "a mermaid with a tail as green as sea glass", "the mermaid", "sang",
                "something went splish-splash in the water below the window",
                "Marina's tail flicked with joy, scattering silver drops", "Marina's tail drooped"),
            new("Finn", "a friendly dolphin with a cheeky grin", "the dolphin", "clicked",
                "a cheerful clicking sound came from the waves outside",
                "Finn leapt out of the water and did a double flip", "Finn's cheeky grin disappeared"),
            new("Captain Claws", "a crab in a tiny sailor's hat", "the crab", "clacked",
                "something went click, click, clack on the windowsill",
                "Captain Claws clacked his claws like castanets", "Captain Claws scuttled round in a worried circle"),
        ],
        Problems =
        [
            new(ProblemKind.Lost, Who: "the baby whale", Title: "the Little Lost Whale",
                Trouble: "A baby whale has lost her family. She is all alone in the deep, dark sea.",
                TroubleRich: "A baby whale drifted away from her family in the storm, and now she's all alone in the deep, dark water, calling and calling, with nobody answering.",
                Where: "hiding in a forest of swaying seaweed",
                State: "She was very small for a whale, and her song was soft and sad.",
                Fixed: "Then, from far away, came an answering song. It was her family! The baby whale swam off, singing all the way home.",
                FixedRich: "Then, from far across the water, came an answering song, deep and warm and full of love. It was her family! The baby whale gave a joyful flick of her tail and swam off to meet them, singing all the way home."),
            new(ProblemKind.Dim, Who: "Lumo", Intro: "the lantern fish", Title: "the Lantern Fish Who Lost Its Light",
                Trouble: "Lumo the lantern fish has lost its light. Now nobody can find the way through the deep, dark water.",
                TroubleRich: "Lumo the lantern fish lights the way for every creature in the deep, but tonight its little lantern has gone out, and the whole sea floor is lost in darkness.",
                Where: "at the bottom of a deep, dark trench",
                State: "Lumo's little lantern was as grey as a pebble.",
                Fixed: "Slowly, Lumo's lantern began to glow: first pale, then pink, then gold. Soon the whole trench was shining.",
                FixedRich: "Slowly, Lumo's lantern began to glow, first pale, then rosy pink, then a deep, warm gold, until the whole trench shone and every creature in it could see the way home."),
            new(ProblemKind.Stuck, Who: "Shelby", Intro: "the old sea turtle", Title: "the Turtle in the Tangle",
                Trouble: "Shelby the old sea turtle is tangled in a fishing net. Shelby can't swim home.",
                TroubleRich: "Shelby, the oldest and wisest sea turtle in the bay, is caught in a tangle of old fishing net and can't swim home.",
                Where: "tangled in a knot of old net beside the coral reef",
                State: "Shelby looked tired, and the net was wrapped round and round.",
                Fixed: "At last, the net slipped away. Shelby was free! The old turtle swam a slow, happy circle and gave a great big smile.",
                FixedRich: "At last, the net loosened and slipped away into the dark. Shelby was free! The old turtle swam a slow, stately circle around them and gave the biggest, wrinkliest smile {Name} had ever seen."),
        ],
        Travel = new(
            "they dived under the waves, and by magic, {Name} could breathe like a fish",
            "they slipped beneath the waves and sank gently down into the cool green water, where, by some magic, {Name} could breathe as easily as on land"),
        TravelHome = new(
            "they swam up to the top of the sea and floated home on a gentle wave",
            "they rose slowly through the water, up into the silver moonlight, and a gentle wave carried them all the way home to the shore"),
        Details =
        [
            "little fish flashed past like silver coins",
            "the seaweed swayed as if it were dancing",
            "a starfish waved one of its five arms",
            "bubbles tickled {Name}'s nose",
            "a jellyfish glowed like a pink lamp",
            "the sand on the sea floor was soft and smooth",
            "an octopus waved hello with all eight arms",
            "the water was cool, calm and green",
            "a seahorse bobbed past and bowed politely",
            "shells shone pink and pearly in the sand",
            "a crab clicked its claws like castanets",
            "a turtle paddled slowly by",
            "the waves sang a swishy song up above",
            "a shy little fish peeped out of the coral",
        ],
        RichDetails =
        [
            "shoals of tiny fish flickered past, turning all at once like a single silver ribbon",
            "tall seaweed swayed in slow motion, as though moving to music only it could hear",
            "moonlight filtered down from above in long, wavering ribbons",
            "a jellyfish drifted by, glowing like a paper lantern at a midnight party",
            "the coral reef spread out below them, a city of pinks, purples and gold",
            "somewhere in the distance, a whale sang a long, low note that hummed through the water",
            "an octopus changed colour as they passed, from rusty red to pebble grey",
            "the water was so clear and still that {Name} could see every ripple in the sand below",
        ],
        Places = ["behind a big pink coral", "inside a sunken rowing boat", "under a wobbly rock", "among the swaying seaweed", "inside an enormous empty shell"],
        Guide = new("a map scratched on an old seashell", "the seashell map"),
        Rope = new("a long rope of twisted seaweed", "the seaweed rope"),
        Light = new("a glowing jellyfish lamp", "the jellyfish lamp"),
        Obstacles =
        [
            new("A big, grumpy current pushed them backwards.", "They held on to each other and swam sideways, right out of the current's way."),
            new("A wall of bubbles blocked the way, fizzing like lemonade.", "{Name} took a deep breath and swam straight through, giggling all the way."),
        ],
        SleepImages =
        [
            "the sea whispered shh, shh, shh against the shore",
            "the moon made a silver path across the water",
            "somewhere far away, a whale sang a sleepy song",
            "the waves rocked gently, like a cradle",
        ],
        Keepsakes = ["a tiny pink shell that sang when you held it to your ear", "a smooth, shining pearl"],
    };
}
