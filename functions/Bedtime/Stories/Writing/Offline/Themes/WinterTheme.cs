namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class WinterTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "winter",
        Keywords =
        [
            "snow", "snowman", "snowmen", "snowy", "winter", "ice", "icy", "frozen", "penguin", "polar", "arctic", "antarctic",
            "reindeer", "sledge", "sled", "sleigh", "ski", "skiing", "skating", "christmas", "santa", "frost", "frosty",
            "icicle", "blizzard", "igloo", "snowflake", "cold", "mitten", "north", "snowball",
        ],
        DefaultSetting = "in a snug wooden cabin in the snowy mountains",
        DefaultVirtue = Virtues.Gratitude,
        TitleWords = ["Snowy", "Frosty", "Winter"],
        Exclamations = ["Frosty flakes!", "Brrr-illiant!", "Snowballs and sleigh bells!"],
        Companions =
        [
            new("Frost", "a snowman with a carrot nose and a bright red scarf", "the snowman", "said",
                "something white and round waddled up to the window",
                "Frost's carrot nose wiggled with joy", "Frost's coal-button eyes looked worried"),
            new("Waddles", "a little penguin in a woolly blue bobble hat", "the penguin", "squeaked",
                "something went tap-tap-tap on the frosty glass",
                "Waddles flapped two little flippers and slid round in a circle", "Waddles' flippers drooped"),
            new("Juniper", "a reindeer with soft brown eyes and jingling bells", "the reindeer", "said",
                "sleigh bells jingled softly outside the window",
                "Juniper's bells jingled merrily", "Juniper stamped a worried hoof"),
        ],
        Problems =
        [
            new(ProblemKind.Lost, Who: "Flurry", Intro: "the baby penguin", Title: "the Lost Baby Penguin",
                Trouble: "Flurry the baby penguin got lost in the snowstorm. Flurry can't find the way home.",
                TroubleRich: "Flurry, the smallest penguin in the colony, was blown away in the snowstorm and now can't find the way home across the ice.",
                Where: "huddled behind a big snowdrift",
                State: "Flurry was shivering, and a tiny icicle hung from Flurry's beak.",
                Fixed: "Then, through the snow, came a chorus of happy squawks. It was Flurry's family! Flurry waddled as fast as two little feet could go, all the way home.",
                FixedRich: "Then, through the falling snow, came a chorus of happy squawks. It was Flurry's family! Flurry waddled as fast as two small feet could manage, all the way home into a great huddle of warm feathers."),
            new(ProblemKind.Stuck, Who: "Sprout", Intro: "the youngest reindeer", Title: "the Reindeer in the Snowdrift",
                Trouble: "Sprout the young reindeer is stuck in a deep snowdrift and can't get out!",
                TroubleRich: "Sprout, the youngest reindeer in the herd, leapt into a snowdrift for fun and is now stuck so deep that only the antlers are showing.",
                Where: "stuck up to the tummy in a deep snowdrift",
                State: "Only Sprout's head and antlers were sticking out of the snow.",
                Fixed: "With a whoosh and a puff of snow, Sprout bounded free! The young reindeer shook off the snow and leapt so high that the bells rang.",
                FixedRich: "With a whoosh and a great puff of snow, Sprout bounded free, shook off a glittering cloud of flakes, and leapt so high with joy that every bell on the harness rang."),
            new(ProblemKind.Dim, Who: "the Winter Star", Title: "the Winter Star",
                Trouble: "The Winter Star has lost its sparkle. It lights the way for everyone in the snow, and now it's dark!",
                TroubleRich: "The Winter Star, which lights the way for every traveller in the snow, has lost its sparkle, and the mountains have gone dark.",
                Where: "lying in the snow at the top of the frozen hill",
                State: "The Winter Star was cold and dull, like a piece of grey ice.",
                Fixed: "A sparkle began, deep inside the Winter Star. It glittered, then shimmered, then blazed, and up it rose, lighting the whole snowy mountain silver and blue.",
                FixedRich: "A sparkle began deep inside the Winter Star. It glittered, then shimmered, then blazed, and the star rose into the sky, lighting the whole snowy mountainside in silver and blue."),
        ],
        Travel = new(
            "they whooshed down the snowy hill on a little wooden sledge",
            "they climbed onto a little wooden sledge and whooshed down the mountainside, with snow spraying up on either side like sparkling sugar"),
        TravelHome = new(
            "they whooshed back down the hill, all the way home",
            "they glided home on the little sledge, with the stars wheeling overhead and the snow hissing softly beneath them"),
        Details =
        [
            "snowflakes danced down from the sky",
            "the snow went crunch, crunch under their boots",
            "icicles sparkled like glass",
            "their breath made little clouds",
            "the pine trees wore coats of snow",
            "the cold air tickled {Name}'s nose",
            "a snowy owl blinked from a branch",
            "the frozen lake shone like a mirror",
            "everything was white and soft and quiet",
            "the stars twinkled in the frosty sky",
            "a robin hopped across the snow",
            "a snowman waved a stick arm",
            "a little fox left tiny footprints",
            "warm lights glowed in a cabin window",
        ],
        RichDetails =
        [
            "snowflakes drifted down in lazy spirals, each one catching the moonlight for a moment before settling",
            "the pine trees stood hushed and heavy under thick coats of snow",
            "icicles hung from every branch, glittering like a chandelier in a grand, frozen ballroom",
            "the cold air was so crisp and clear that it felt like drinking a glass of water",
            "far to the north, green and violet lights rippled across the sky like slow silk curtains",
            "the frozen lake groaned and sang beneath the ice, a strange, deep music",
            "every sound was muffled by the snow, so that the whole world seemed to be holding its breath",
        ],
        Places = ["behind a tall snowman", "inside an ice cave", "under a snowy pine tree", "beside the frozen lake", "inside an empty igloo"],
        Guide = new("a map drawn in frost on a sheet of ice", "the frost map"),
        Rope = new("a long rope from the sledge", "the sledge rope"),
        Light = new("a glowing ice lantern", "the ice lantern"),
        Obstacles =
        [
            new("A frozen river blocked the way.", "They slid across the ice very carefully, wheee, and only {comp} slipped over, bump!"),
            new("Snow began to fall so thickly that they couldn't see.", "They held on to each other and walked slowly, until the snowflakes thinned and the stars came out again."),
        ],
        SleepImages =
        [
            "snowflakes drifted softly past the window",
            "the snow lay quiet and white, like a big soft blanket",
            "the fire crackled low and warm",
            "the whole world was hushed and snowy",
        ],
        Keepsakes = ["a snowflake made of ice that never melted", "a tiny silver sleigh bell"],
    };
}
