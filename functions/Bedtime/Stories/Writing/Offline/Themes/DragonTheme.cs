namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class DragonTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "dragons",
        Keywords =
        [
            "dragon", "castle", "knight", "princess", "prince", "king", "queen", "kingdom", "tower", "medieval", "crown",
            "palace", "wyvern", "jester", "throne", "drawbridge", "moat", "sword", "shield", "armour", "armor", "royal",
        ],
        DefaultSetting = "in a tall stone castle on top of a green hill",
        DefaultVirtue = Virtues.Honesty,
        TitleWords = ["Dragon", "Castle", "Royal"],
        Exclamations = ["Sizzling scales!", "By my crown!", "Smoke and sparks!"],
        Companions =
        [
            new("Ember", "a small green dragon with golden wings", "the little dragon", "puffed",
                "a curl of warm smoke drifted in through the window",
                "Ember puffed out three happy smoke rings", "Ember's tail curled up tight"),
            new("Sir Pumpernickel", "a very small knight in very shiny armour", "the little knight", "said",
                "there was a clank and a clatter on the windowsill",
                "Sir Pumpernickel did a clanky little dance", "Sir Pumpernickel's helmet rattled nervously"),
            new("Princess Pepper", "a princess with a muddy crown and a big, brave smile", "the princess", "said",
                "somebody tapped on the glass with a small golden sceptre",
                "Princess Pepper threw her crown in the air and caught it", "Princess Pepper chewed the end of her plait"),
        ],
        Problems =
        [
            new(ProblemKind.Dim, Who: "Sparky", Intro: "the baby dragon", Title: "the Little Dragon's Lost Spark",
                Trouble: "Sparky the baby dragon has lost the fire in his tummy. Without it, Sparky can't keep the castle warm.",
                TroubleRich: "Sparky, the baby dragon who keeps the castle warm all winter, has lost the fire in his tummy, and the whole castle is growing colder by the minute.",
                Where: "sitting in a cold, dark cave at the bottom of the castle hill",
                State: "Sparky shivered, and only a tiny puff of grey smoke came out.",
                Fixed: "Then a warm glow began in Sparky's tummy. It grew and grew until, whoosh, out came a bright, happy flame! The cave was cosy and warm at last.",
                FixedRich: "Then a warm glow kindled deep in Sparky's tummy. It grew and grew until, with a great whoosh, out came a bright, happy flame that filled the cave with golden light."),
            new(ProblemKind.Stuck, Who: "the old drawbridge", Title: "the Drawbridge That Wouldn't Budge",
                Trouble: "The old drawbridge is stuck, and the king's sheep are locked outside in the cold!",
                TroubleRich: "The old drawbridge has jammed halfway, and the king's flock of sheep are stranded outside the walls in the cold night air.",
                Where: "stuck halfway up over the castle moat",
                State: "The old drawbridge groaned and creaked, but it would not come down.",
                Fixed: "With a long, happy creak, the old drawbridge came slowly down. Clunk! In trotted the sheep, baaing their thank-yous.",
                FixedRich: "With a long, contented creak, the old drawbridge lowered itself gently into place. Clunk! In trotted the sheep, one after another, baaing their thank-yous."),
            new(ProblemKind.Scared, Who: "Pebble", Intro: "the smallest dragon", Title: "the Dragon Who Was Scared to Fly",
                Trouble: "Pebble the little dragon is too scared to fly. All the other dragons have flown home, and Pebble is all alone.",
                TroubleRich: "Pebble, the smallest dragon in the kingdom, is too scared to fly. All the others have flown home to the mountains, and Pebble is left all alone.",
                Where: "on top of the tallest castle tower",
                State: "Pebble was peeking over the edge and shaking from snout to tail.",
                Fixed: "Pebble spread two leathery wings, took a deep breath, and jumped. Whoosh! Pebble was flying, round and round the castle towers, laughing all the way home.",
                FixedRich: "Pebble spread two leathery wings, took a deep breath, and jumped. Whoosh! The little dragon swooped and soared around the castle towers, laughing, and then flew off towards the mountains and home."),
        ],
        Travel = new(
            "they hurried along the winding castle walls, past sleeping guards and flickering torches",
            "they crept along the winding castle walls, past snoring guards, flickering torches and tall banners rippling in the night breeze"),
        TravelHome = new(
            "they tiptoed back along the castle walls, all the way home",
            "they made their way back along the quiet walls, past the snoring guards, all the way home"),
        Details =
        [
            "torches flickered on the stone walls",
            "flags fluttered on the tall towers",
            "a guard was snoring, zzz, zzz, zzz",
            "the moat was still and dark, like a mirror",
            "far away, a dragon puffed a tiny smoke ring",
            "the castle cat watched them with big green eyes",
            "the stone steps went round and round and up",
            "the kitchen smelled of warm bread",
            "a suit of armour stood very still, as if listening",
            "the king's golden crown gleamed in a window",
            "a mouse scurried across the great hall",
            "the drawbridge chains went clink, clink",
            "an owl sat on top of a tower",
            "a warm fire crackled in a great fireplace",
        ],
        RichDetails =
        [
            "tall banners rippled from the towers, their gold thread catching the moonlight",
            "the torches hissed and crackled, throwing long, dancing shadows across the ancient stones",
            "a spiral staircase wound up into the darkness, its steps worn smooth by centuries of feet",
            "from somewhere deep in the castle came the smell of warm bread and woodsmoke",
            "the moat lay perfectly still, holding an upside-down castle in its dark water",
            "far across the valley, a dragon's fire flared on a distant mountain, like a match being struck",
            "a row of suits of armour stood to attention along the hall, their visors glinting as if they were watching",
        ],
        Places = ["behind the great kitchen ovens", "inside the royal library", "under the long banquet table", "at the top of the north tower", "beneath the old stone bridge"],
        Guide = new("an old map of the castle tunnels", "the castle map"),
        Rope = new("a long golden bell rope", "the bell rope"),
        Light = new("a bright, flickering torch", "the torch"),
        Obstacles =
        [
            new("A locked door stood in their way.", "{Comp} found the key hidden under a flowerpot, and the door swung open with a creak."),
            new("A long line of sleepy guards blocked the stairs.", "They tiptoed past so quietly that not a single guard woke up."),
        ],
        SleepImages =
        [
            "the castle towers stood quiet under the stars",
            "far away, a little dragon puffed a sleepy smoke ring",
            "the torches dimmed to a warm, low glow",
            "the whole kingdom was snoring softly",
        ],
        Keepsakes = ["a shiny dragon scale that glowed like a tiny coal", "a small silver crown, just the right size"],
    };
}
