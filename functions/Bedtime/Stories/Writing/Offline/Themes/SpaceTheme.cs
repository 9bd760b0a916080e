namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class SpaceTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "space",
        Keywords =
        [
            "space", "rocket", "planet", "star", "moon", "astronaut", "galaxy", "galaxies", "alien", "comet", "orbit",
            "universe", "spaceship", "cosmos", "satellite", "mars", "jupiter", "saturn", "asteroid", "meteor", "nebula",
            "constellation", "ufo", "spacecraft", "spaceman", "cosmic", "starship", "solar",
        ],
        DefaultSetting = "on a quiet little planet at the edge of the Milky Way",
        DefaultVirtue = Virtues.Courage,
        TitleWords = ["Starry", "Moonlit", "Rocket"],
        Exclamations = ["Great galaxies!", "Oh, my stars!", "Twinkling comets!"],
        Companions =
        [
            new("Pip", "a little robot with a blinking blue light", "the little robot", "beeped",
                "something small and shiny came whirring in through the window",
                "Pip's light blinked pink with joy", "Pip's blue light flickered"),
            new("Nova", "a friendly star who had floated down from the sky", "the little star", "sang",
                "a warm golden glow filled the room",
                "Nova sparkled so brightly that everyone had to squint", "Nova's glow went pale"),
            new("Captain Zoom", "a cat in a tiny silver space helmet", "the space cat", "purred",
                "something landed on the windowsill with a soft bump",
                "Captain Zoom did a happy somersault", "Captain Zoom's whiskers drooped"),
        ],
        Problems =
        [
            new(ProblemKind.Lost, Who: "the baby star", Title: "the Lost Little Star",
                Trouble: "A baby star has tumbled out of the sky. It can't find its way home.",
                TroubleRich: "A baby star has tumbled right out of its constellation, and now it's lost in the dark with no idea how to get home.",
                Where: "in a crater on the far side of the Moon",
                State: "It was curled up small, and its light was flickering.",
                Fixed: "The baby star began to glow, brighter and brighter. Far above, its family twinkled back. Up it floated, all the way home.",
                FixedRich: "A warm light bloomed inside the baby star until, far above, its whole family began to twinkle in answer. With a happy little spin, it floated up and settled back into its place among them."),
            new(ProblemKind.Dim, Who: "the Moon", Title: "the Moon Who Forgot to Shine",
                Trouble: "The Moon has lost its glow. Without it, the night is far too dark.",
                TroubleRich: "The Moon has lost its glow. Nobody knows why, but without it the whole night sky has gone gloomy, and everyone down below is frightened.",
                Where: "hanging low and grey above the dusty plains of Mars",
                State: "It looked tired and sad, as grey as cold porridge.",
                Fixed: "Slowly, a silver light crept back into the Moon. It grew and grew, until the Moon shone round and bright over every sleeping house.",
                FixedRich: "Slowly, a soft silver light crept back across the Moon's face, like morning spreading over a field, until it shone round and bright over every sleeping house in the world."),
            new(ProblemKind.Stuck, Who: "Zip", Intro: "a little rocket", Title: "the Rocket That Got Stuck",
                Trouble: "My friend Zip is a little rocket. Zip is stuck in the rings of Saturn and can't get home.",
                TroubleRich: "My friend Zip, the smallest rocket in the whole fleet, has got wedged in the icy rings of Saturn and can't get home in time for bedtime.",
                Where: "wedged between two icy rocks in the rings of Saturn",
                State: "Zip's engine coughed, and its little round windows looked very worried.",
                Fixed: "With a wobble and a pop, Zip slipped free! Zip did a loop-the-loop of joy, leaving a trail of sparks.",
                FixedRich: "With a wobble and a pop, Zip slid free of the ice and turned a joyful loop-the-loop, leaving a trail of sparks like a birthday sparkler."),
        ],
        Travel = new(
            "they zoomed up past the clouds in a little silver rocket",
            "they climbed into a little silver rocket, fastened their belts and shot up past the clouds in a whoosh of sparks"),
        TravelHome = new(
            "the little rocket carried them gently home again",
            "the little rocket carried them home through the quiet dark, gliding down as softly as a falling leaf"),
        Details =
        [
            "the stars twinkled like sugar sprinkles",
            "a comet swished by with a sparkly tail",
            "the Moon glowed soft and silver",
            "the planets spun slowly, like sleepy tops",
            "space was quiet, as quiet as a whisper",
            "a shooting star zipped past and winked",
            "far below, the Earth looked like a blue marble",
            "tiny moons bobbed like bubbles in a bath",
            "the rocket hummed a happy tune",
            "stardust tickled {Name}'s nose",
            "Saturn's rings shone like a hoop of ice",
            "a little green alien waved from a crater",
            "the rocket's window was cool against {Name}'s cheek",
            "a satellite blinked hello as it passed",
            "moon dust sparkled like glitter",
        ],
        RichDetails =
        [
            "constellations shimmered overhead like scattered diamonds on dark velvet",
            "a comet swept past, trailing a tail of glittering ice that crackled faintly",
            "the rings of Saturn gleamed in the distance, enormous and perfectly still",
            "the silence of space wrapped around them, deep and strangely comforting",
            "a nebula drifted by in great soft clouds of rose and violet",
            "the Earth hung far below, a swirl of blue and white no bigger than a marble",
            "meteors streaked silently across the darkness, each one a quick silver stitch",
            "the rocket's engines settled into a low, steady hum that {Name} could feel right down to {their} toes",
        ],
        Places = ["behind a sleepy comet", "inside an empty crater", "under a floating rock", "around the rings of Saturn", "beneath a dusty little moon"],
        Guide = new("a crumpled star map", "the star map"),
        Rope = new("a long rope of braided starlight", "the starlight rope"),
        Light = new("the rocket's silver searchlight", "the searchlight"),
        Obstacles =
        [
            new("A cloud of space dust swirled across their path.", "They steered slowly around it, and the rocket only sneezed once."),
            new("A stream of tumbling asteroids blocked the way.", "{Comp} counted, “One, two, three… now!” and they zipped through a gap."),
        ],
        SleepImages =
        [
            "the stars dimmed to a soft, silvery glow",
            "the Moon peeped in through the curtains like a night-light",
            "the whole sky seemed to hum a lullaby",
            "a sleepy comet drifted slowly across the sky",
        ],
        Keepsakes = ["a tiny speck of stardust that glowed in the dark", "a smooth, silver moon pebble"],
    };
}
