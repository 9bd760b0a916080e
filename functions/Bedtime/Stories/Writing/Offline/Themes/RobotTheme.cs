namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class RobotTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "robots",
        Keywords =
        [
            "robot", "robotic", "android", "machine", "gadget", "invention", "inventor", "inventing", "computer", "cyborg",
            "factory", "science", "scientist", "lab", "laboratory", "coding", "code", "tech", "technology", "engineer",
            "engineering", "cog", "mech", "droid", "electronics",
        ],
        DefaultSetting = "in a tall, crooked house full of inventions, in the middle of the city",
        DefaultVirtue = Virtues.Perseverance,
        TitleWords = ["Robot", "Clockwork", "Whirring"],
        Exclamations = ["Beep-boop-brilliant!", "Cogs and sprockets!", "Zip-zap-zing!"],
        Companions =
        [
            new("Bolt", "a shiny silver robot with a round head and a wobbly antenna", "the robot", "beeped",
                "something went whirr, click, beep outside the window",
                "Bolt's antenna spun round and round", "Bolt's lights blinked orange"),
            new("Sprocket", "a little robot dog with springy legs", "the robot dog", "yipped",
                "something went boing, boing, boing up to the window",
                "Sprocket wagged a metal tail so fast it whistled", "Sprocket's ears folded down"),
            new("Professor Gizmo", "a kindly old inventor with wild white hair and goggles", "the inventor", "said",
                "a tiny flying machine buzzed up to the window, with a kindly face peering out of it",
                "Professor Gizmo's goggles steamed up with happiness", "Professor Gizmo polished his goggles anxiously"),
        ],
        Problems =
        [
            new(ProblemKind.Dim, Who: "Glow", Intro: "the robot who lights the city", Title: "the Robot Who Ran Out of Light",
                Trouble: "Glow is the robot who lights up the city at night. But Glow's lights have gone out!",
                TroubleRich: "Glow, the robot who switches on every streetlamp in the city, has run out of light, and the streets are going dark one by one.",
                Where: "sitting slumped at the top of the old clock tower",
                State: "Glow's lights were dark, and Glow made a sad little beep.",
                Fixed: "Bleep, bloop, BLING! Glow's lights flickered back on, one after another, brighter than ever. All across the city, the streetlamps shone.",
                FixedRich: "Bleep, bloop, BLING! Glow's lights flickered back on, one after another, brighter than ever, and all across the city the streetlamps blinked awake like a field of friendly stars."),
            new(ProblemKind.Lost, Who: "Widget", Intro: "the tiny robot mouse", Title: "the Lost Robot Mouse",
                Trouble: "Widget, the tiny robot mouse, rolled out of the workshop and got lost. Widget can't find the way home.",
                TroubleRich: "Widget, the tiny robot mouse, rolled out of the workshop door to explore, and now can't find the way home before its battery runs down.",
                Where: "hiding under a pile of old springs and bolts",
                State: "Widget's little wheels were squeaking, and Widget's battery light was blinking red.",
                Fixed: "Widget's tracker gave a happy ping! There was the workshop, just around the corner. Widget zoomed home and plugged in for a good night's charge.",
                FixedRich: "Widget's tracker gave a happy ping, and there was the workshop, just around the corner. Widget zoomed home, plugged in, and settled down for a good night's charge."),
            new(ProblemKind.Scared, Who: "Tiny", Intro: "a brand-new robot", Title: "the Robot Who Was Scared to Start",
                Trouble: "Tiny is a brand-new robot. Tonight Tiny has to roll down the big ramp for the first time, but Tiny is much too scared!",
                TroubleRich: "Tiny is a brand-new robot who has to roll down the big ramp tonight for the very first time, but Tiny is far too frightened to start.",
                Where: "standing at the top of the big, steep ramp",
                State: "Tiny's wheels were locked, and Tiny's screen showed a wobbly frown.",
                Fixed: "Tiny's wheels began to turn. Whirr! Down the ramp rolled Tiny, faster and faster, and at the bottom Tiny's screen showed the biggest smile in the city.",
                FixedRich: "Tiny's wheels began to turn. Whirr! Down the ramp rolled the little robot, faster and faster, and at the bottom Tiny's screen lit up with the biggest smile in the whole city."),
        ],
        Travel = new(
            "they zoomed through the city on a little hover-scooter",
            "they hopped onto a little hover-scooter and zoomed off through the sleeping city, past glowing windows and humming machines"),
        TravelHome = new(
            "the hover-scooter whizzed them home through the quiet city",
            "the hover-scooter whizzed them home through the quiet city, its little engine purring softly"),
        Details =
        [
            "lights blinked red, green and blue",
            "machines hummed a busy tune",
            "cogs turned round and round",
            "a little robot swept the street, swish, swish",
            "the tall buildings glittered with lights",
            "something went beep, boop, beep",
            "a flying car zipped overhead",
            "the air smelled of oil and warm metal",
            "a clock tower ticked loudly",
            "screens flickered in the windows",
            "a robot cat purred, beep, purr",
            "a traffic light winked from red to green",
            "a vending machine hummed a jolly song",
            "a tiny drone zipped past like a bee",
        ],
        RichDetails =
        [
            "the city glittered with a thousand tiny lights, blinking in patterns that almost looked like conversations",
            "great brass cogs turned slowly inside the clock tower, ticking out the minutes with patient precision",
            "a street-sweeping robot trundled past, humming to itself and polishing the pavement until it shone",
            "somewhere a factory hummed a deep, steady note, like a giant purring in its sleep",
            "flying cars drifted between the tall buildings, their headlights leaving soft trails across the dark",
            "the air smelled faintly of oil, warm metal and the sharp, clean scent of electricity",
            "screens in the shop windows showed moving pictures of faraway places, glowing softly in the empty street",
        ],
        Places = ["behind a humming machine", "inside a box of spare parts", "under a workbench", "beside a tall stack of cogs", "inside an old toaster"],
        Guide = new("a tracking gadget with a blinking screen", "the tracking gadget"),
        Rope = new("a long coil of bendy wire", "the wire"),
        Light = new("a super-bright robot torch", "the robot torch"),
        Obstacles =
        [
            new("A big metal door blocked the way, with a keypad that blinked.", "{Name} tried the numbers one, two, three, and the door slid open with a whoosh."),
            new("A swarm of buzzy little cleaning robots whizzed across their path.", "They waited until the robots had buzzed past, then hurried on."),
        ],
        SleepImages =
        [
            "the city lights blinked slowly, one by one, to sleep",
            "the machines hummed a quiet lullaby",
            "a little robot somewhere switched to sleep mode",
            "the clock tower ticked softly, tick, tock, tick",
        ],
        Keepsakes = ["a shiny little cog that spun when you blew on it", "a tiny robot badge that glowed"],
    };
}
