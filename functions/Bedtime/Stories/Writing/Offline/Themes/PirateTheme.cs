namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class PirateTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "pirates",
        Keywords =
        [
            "pirate", "treasure", "ship", "island", "parrot", "captain", "sail", "sailing", "sailor", "buccaneer", "anchor",
            "galleon", "cutlass", "ahoy", "plank", "chest", "voyage", "shipwreck", "smuggler", "jolly",
        ],
        DefaultSetting = "in a little house on a windy island, where the pirate ships sailed by",
        DefaultVirtue = Virtues.Sharing,
        TitleWords = ["Pirate", "Treasure Island", "High Seas"],
        Exclamations = ["Shiver me timbers!", "Yo ho ho!", "Blistering barnacles!"],
        Companions =
        [
            new("Captain Polly", "a parrot in a tiny pirate hat", "the parrot", "squawked",
                "something flapped and squawked at the window",
                "Captain Polly flapped and danced a happy pirate jig", "Captain Polly's feathers ruffled up"),
            new("Captain Barnaby", "a friendly pirate with a curly beard and a patch over one eye", "the pirate", "said",
                "a lantern swung up outside the window, and a cheerful face appeared",
                "Captain Barnaby laughed a big belly laugh", "Captain Barnaby tugged at his curly beard"),
            new("Skipper", "a brave little ship's cat with a gold earring", "the ship's cat", "meowed",
                "there was a soft thump on the windowsill",
                "Skipper purred as loudly as a little engine", "Skipper's tail twitched"),
        ],
        Problems =
        [
            new(ProblemKind.Stuck, Who: "the Jolly Biscuit", Title: "the Ship That Got Stuck",
                Trouble: "Our ship, the Jolly Biscuit, is stuck on a sandbank. The tide is going out!",
                TroubleRich: "Our ship, the Jolly Biscuit, has run aground on a sandbank, and if we can't float her off before the tide goes out, she'll be stuck there for days.",
                Where: "stuck fast on a sandbank near Skull Rock",
                State: "The Jolly Biscuit was leaning sideways, and her sails were flapping sadly.",
                Fixed: "With a creak and a whoosh, the Jolly Biscuit slid free and bobbed upright on the waves. The whole crew cheered, “Hip, hip, hooray!”",
                FixedRich: "With a creak and a great whoosh, the Jolly Biscuit slid free of the sand and bobbed upright on the waves, and the whole crew threw their hats in the air and cheered."),
            new(ProblemKind.Dim, Who: "the old lighthouse", Title: "the Lighthouse That Went Dark",
                Trouble: "The old lighthouse on Skull Rock has gone dark. Without its light, the ships can't find their way home!",
                TroubleRich: "The old lighthouse on Skull Rock has gone dark for the first time in a hundred years, and without its light, every ship at sea is in danger of losing its way.",
                Where: "standing tall and dark at the end of the rocky point",
                State: "The old lighthouse was silent and cold, and its big lamp was grey.",
                Fixed: "Slowly, the great lamp at the top of the lighthouse flickered, then blazed, sending its warm beam far across the sea. One by one, the ships sailed safely home.",
                FixedRich: "Slowly, the great lamp flickered, then blazed, sweeping its warm golden beam far across the water, and one by one the little ships turned towards it and sailed safely home."),
            new(ProblemKind.Lost, Who: "Nibbles", Intro: "the ship's mouse", Title: "the Lost Ship's Mouse",
                Trouble: "Nibbles, the ship's mouse, got lost on Treasure Island. Nibbles can't find the way back to the ship.",
                TroubleRich: "Nibbles, the ship's mouse, went exploring on Treasure Island and now can't find the way back to the ship, and we sail at dawn.",
                Where: "hiding inside an empty treasure chest on the beach",
                State: "Nibbles' whiskers were trembling, and Nibbles was very, very hungry.",
                Fixed: "Nibbles sniffed the salty air and squeaked with joy. There was the ship, bobbing in the bay! Nibbles scampered up the rope ladder, all the way home.",
                FixedRich: "Nibbles sniffed the salty air and gave a squeak of pure joy, for there was the ship, bobbing in the bay. Up the rope ladder Nibbles scampered, all the way home."),
        ],
        Travel = new(
            "they sailed across the sea in a little rowing boat with a bright red sail",
            "they clambered into a little rowing boat with a patched red sail, and the wind carried them out across the moonlit sea"),
        TravelHome = new(
            "the little red boat bobbed all the way back to shore",
            "the little boat carried them home across the calm, dark water, with the red sail puffed out like a proud chest"),
        Details =
        [
            "the waves went slosh, slosh against the boat",
            "the sail flapped like a big red flag",
            "seagulls called, cree, cree, overhead",
            "the sea smelled salty and fresh",
            "a treasure chest glinted on the sand",
            "the moon made a silver path on the water",
            "a big ship creaked and groaned",
            "the palm trees waved their long leaves",
            "a crab scuttled sideways across the sand",
            "gold coins sparkled in the moonlight",
            "a flag with a smiling skull flapped on a mast",
            "the boat rocked gently, up and down",
            "a parrot squawked and flapped its green wings",
            "a little fish jumped out of the water, splash",
        ],
        RichDetails =
        [
            "the wind filled the little sail and sent salty spray dancing over the bow",
            "moonlight laid a glittering path across the water, as if pointing the way",
            "far off, a great galleon creaked at anchor, its lanterns swaying gently with the swell",
            "the island rose out of the sea ahead, dark and mysterious, fringed with whispering palm trees",
            "the air tasted of salt and tar and adventure",
            "somewhere below the surface, something silvery flashed and was gone",
            "the sand on Treasure Island was pale and cool and squeaked softly underfoot",
        ],
        Places = ["inside a cave full of echoes", "under an upturned rowing boat", "behind a tall palm tree", "among the rocks at the water's edge", "inside an old barrel"],
        Guide = new("an old treasure map with a big red X", "the treasure map"),
        Rope = new("a long, thick ship's rope", "the ship's rope"),
        Light = new("a swinging ship's lantern", "the lantern"),
        Obstacles =
        [
            new("A thick, grey fog rolled across the sea.", "They followed the sound of the seagulls until the fog melted away."),
            new("A big wave rose up in front of the boat.", "Up, up they went, and down, down the other side. Wheee!"),
        ],
        SleepImages =
        [
            "the waves whispered shh, shh against the shore",
            "the pirate ships rocked gently in the bay",
            "the lighthouse blinked a slow, sleepy goodnight",
            "the moon kept watch over the quiet sea",
        ],
        Keepsakes = ["a shiny gold coin from a treasure chest", "a tiny brass telescope"],
    };
}
