namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class MagicTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "magic",
        Keywords =
        [
            "magic", "magical", "fairy", "unicorn", "wizard", "witch", "spell", "wand", "elf", "elves", "pixie", "enchanted",
            "sprite", "potion", "rainbow", "gnome", "fairytale", "fairyland", "sparkle", "glitter", "wish", "sorcerer",
            "magician", "fae",
        ],
        DefaultSetting = "in a cottage at the edge of an enchanted wood",
        DefaultVirtue = Virtues.Kindness,
        TitleWords = ["Magical", "Enchanted", "Sparkly"],
        Exclamations = ["Sparkles and sprinkles!", "Fizzing fairy dust!", "Twinkle, twinkle, hooray!"],
        Companions =
        [
            new("Bluebell", "a tiny fairy with wings like a dragonfly's", "the little fairy", "said",
                "a tiny, tinkling sound came from the window, like a little silver bell",
                "Bluebell twirled in the air, scattering sparkles", "Bluebell's wings stopped fluttering"),
            new("Sir Whiskers", "a cat in a tall, star-covered wizard's hat", "the wizard cat", "purred",
                "a shower of tiny stars drifted in through the window",
                "Sir Whiskers' hat spun round with joy", "Sir Whiskers' whiskers twitched"),
            new("Moonbeam", "a small white unicorn with a silver horn", "the unicorn", "said",
                "a soft silver light shone in through the curtains",
                "Moonbeam's horn glowed with rainbow colours", "Moonbeam's silver horn dimmed"),
        ],
        Problems =
        [
            new(ProblemKind.Dim, Who: "the Wishing Lantern", Title: "the Wishing Lantern",
                Trouble: "The Wishing Lantern has gone out. Without it, no wishes can come true tonight!",
                TroubleRich: "The Wishing Lantern, which grants every good wish made in the enchanted wood, has gone out, and not a single wish can come true until it shines again.",
                Where: "hanging from the branch of the oldest tree in the enchanted wood",
                State: "The Wishing Lantern was cold and dark, and not a single sparkle was left.",
                Fixed: "A tiny spark flickered inside the Wishing Lantern. Then another, and another, until it glowed with every colour of the rainbow. All around, wishes began to come true.",
                FixedRich: "A tiny spark flickered inside the Wishing Lantern, then another, and another, until it glowed with every colour of the rainbow, and all through the wood, wishes began quietly coming true."),
            new(ProblemKind.Lost, Who: "Thimble", Intro: "the tiniest fairy", Title: "the Tiniest Fairy",
                Trouble: "Thimble, the tiniest fairy, has lost her way home in the dark.",
                TroubleRich: "Thimble, the tiniest fairy in the whole enchanted wood, flew too far chasing a moonbeam and has lost her way home.",
                Where: "sitting inside a bluebell, all alone",
                State: "Thimble's wings were drooping, and a tiny tear ran down Thimble's cheek.",
                Fixed: "Thimble's wings began to shimmer. Far away, a ring of fairy lights glowed in answer. Thimble fluttered up and flew all the way home to the fairy ring.",
                FixedRich: "Thimble's wings began to shimmer, and far away, a ring of fairy lights glowed in answer. Up fluttered Thimble, light as thistledown, all the way home to the fairy ring."),
            new(ProblemKind.Stuck, Who: "Starlight", Intro: "the baby unicorn", Title: "the Unicorn in the Brambles",
                Trouble: "Starlight the baby unicorn is caught in a bramble bush. The brambles won't let go!",
                TroubleRich: "Starlight, the baby unicorn, wandered into the bramble thicket, and now the brambles have wound around her and won't let go.",
                Where: "caught in a tangle of prickly brambles",
                State: "Starlight's little silver horn was tangled, and Starlight couldn't move.",
                Fixed: "The brambles loosened, and Starlight stepped free! The baby unicorn tossed a silver mane and galloped in a happy circle, leaving hoofprints of light.",
                FixedRich: "The brambles loosened their grip, and Starlight stepped free! The baby unicorn tossed a silver mane and galloped a joyful circle, leaving hoofprints of light glowing in the grass."),
        ],
        Travel = new(
            "they flew over the treetops on a cloud of sparkly fairy dust",
            "a pinch of fairy dust lifted them right off the ground, and they floated out over the treetops on a shimmering, sparkling breeze"),
        TravelHome = new(
            "the fairy dust carried them gently home again",
            "the fairy dust carried them gently home again, over the sleeping wood and through the open window"),
        Details =
        [
            "fairy lights twinkled in the trees",
            "a toadstool glowed soft and pink",
            "the flowers were humming a little song",
            "sparkles floated in the air like snow",
            "a rainbow shone, even though it was night",
            "tiny doors were hidden in the tree trunks",
            "the air smelled of honey and roses",
            "a gnome waved from a mushroom",
            "the moon wore a silver crown",
            "dewdrops shone like diamonds",
            "a tiny dragon the size of a bee buzzed past",
            "the stars spelled out {Name}'s name",
            "a frog in a little crown croaked hello",
            "a teapot poured itself a cup of tea",
        ],
        RichDetails =
        [
            "fairy lights wound through the branches, blinking in slow, shimmering patterns like a secret language",
            "the flowers turned their faces towards them as they passed, humming in soft, sweet harmonies",
            "a moonlit rainbow arched across the sky, its colours pale and gentle, like a rainbow made of dreams",
            "tiny carved doors were set into the roots of the old trees, each with a glowing window no bigger than a button",
            "the air shimmered and smelled of honeysuckle, warm toffee and rain",
            "a family of gnomes sat around a thimble-sized campfire, toasting crumbs and telling stories",
            "every dewdrop on every leaf held a tiny, perfect reflection of the moon",
        ],
        Places = ["behind a circle of toadstools", "inside a hollow tree stump", "under a giant mushroom", "among the whispering flowers", "beneath the wishing well"],
        Guide = new("a map that drew itself in glittering ink", "the glittering map"),
        Rope = new("a rope spun from spider silk and moonbeams", "the silken rope"),
        Light = new("a wand with a bright star on the end", "the wand"),
        Obstacles =
        [
            new("A troll was snoring across the bridge.", "They tiptoed past on the very tips of their toes, and the troll just smiled in its sleep."),
            new("A maze of tall, twisting hedges stood in the way.", "{Comp} whispered a little spell, and the hedges politely stepped aside."),
        ],
        SleepImages =
        [
            "fairy lights twinkled softly outside the window",
            "a tiny fairy sprinkled sleepy dust on the pillow",
            "the moon hummed a magical lullaby",
            "the whole enchanted wood was fast asleep",
        ],
        Keepsakes = ["a tiny bottle of fairy dust", "a silver acorn that glowed in the dark"],
    };
}
