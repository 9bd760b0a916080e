namespace Bedtime.Stories.Writing.Offline.Themes;

/// <summary>For themes no family knows: the parent's words become the object of the quest ("a quest for {theme}").</summary>
internal static class AdventureTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "adventure",
        Keywords = [],
        DefaultSetting = "in a cosy house at the end of a winding lane",
        DefaultVirtue = Virtues.Courage,
        TitleWords = ["Big", "Secret", "Moonlit"],
        Exclamations = ["Hooray, hooray!", "Well, I never!", "Hip, hip, hooray!"],
        Companions =
        [
            new("Needle", "a little brass compass who could talk", "the compass", "said",
                "something small and golden clicked and whirred on the windowsill",
                "Needle's arrow spun round and round with joy", "Needle's arrow wobbled"),
            new("Scout", "a small brown dog with one floppy ear and a big red backpack", "the little dog", "barked",
                "something went woof, very softly, outside the window",
                "Scout's tail wagged so hard that the backpack bounced", "Scout's floppy ear drooped even lower"),
            new("Wren", "a clever little bird with a map tucked under one wing", "the little bird", "chirped",
                "something small and feathery fluttered at the window",
                "Wren sang a trilling song of joy", "Wren's feathers fluffed up"),
        ],
        Problems =
        [
            new(ProblemKind.Dim, Who: "the Wayfinder Lantern", Title: "the Wayfinder Lantern",
                Trouble: "We're going on a quest for {theme}! But the Wayfinder Lantern that lights the way has gone out.",
                TroubleRich: "We're going on a quest for {theme}, and there's no time to lose. But the Wayfinder Lantern, the only light that knows the way, has gone out.",
                Where: "hanging from a signpost at the crossroads",
                State: "The Wayfinder Lantern was cold and dark, and it creaked sadly in the wind.",
                Fixed: "The Wayfinder Lantern flickered, then glowed, then shone out bright and golden. Its beam pointed straight down the path, all the way to {theme}.",
                FixedRich: "The Wayfinder Lantern flickered, then glowed, then shone out bright and golden, and its beam stretched straight down the path, all the way to {theme}."),
            new(ProblemKind.Stuck, Who: "the Wishing Gate", Title: "the Wishing Gate",
                Trouble: "We're going on a quest for {theme}! But the Wishing Gate, the only way through, is stuck shut.",
                TroubleRich: "We're going on a quest for {theme}, but the Wishing Gate, the only way through the great green hedge, has stuck fast and won't open.",
                Where: "standing in the middle of a tall green hedge",
                State: "The Wishing Gate was rusty and stiff, and it groaned whenever anyone touched it.",
                Fixed: "With a long, happy creak, the Wishing Gate swung wide open. On the other side, at the end of a sunny path, they found {theme}, just waiting for them.",
                FixedRich: "With a long, contented creak, the Wishing Gate swung wide open, and there on the other side, at the end of a moonlit path, they found {theme}, just waiting to be discovered."),
            new(ProblemKind.Scared, Who: "Puff", Intro: "the little cloud", Title: "the Little Cloud",
                Trouble: "We're going on a quest for {theme}, and only Puff the little cloud knows the way. But Puff is too scared to come down from the sky!",
                TroubleRich: "We're going on a quest for {theme}, and the only one who knows the way is Puff, a little cloud, who is far too scared to come down from the sky.",
                Where: "hiding behind the top of the tallest hill",
                State: "Puff was small and grey and trembling, and a few raindrops fell like tears.",
                Fixed: "Puff floated down, soft and white, and stretched into a fluffy path across the sky. They walked along it together, all the way to {theme}.",
                FixedRich: "Puff floated down, soft and white as a pillow, and stretched into a fluffy path across the sky, and they walked along it together, all the way to {theme}."),
        ],
        Travel = new(
            "they set off along a winding path, over the hills and through a whispering wood",
            "they set off along a winding path that led over rolling hills, across a chattering stream and into a wood where the trees whispered as they passed"),
        TravelHome = new(
            "they followed the winding path all the way home",
            "they followed the winding path back over the hills, all the way home, with the moon lighting the way"),
        Details =
        [
            "the path wound up and down like a ribbon",
            "the grass whispered in the breeze",
            "a little stream chattered over the stones",
            "the moon lit the way like a lamp",
            "a fox peeped out and waved",
            "the hills were soft and round",
            "the air smelled of clover and rain",
            "a signpost pointed five ways at once",
            "glow-worms shone along the hedges",
            "a windmill turned slowly on the hill",
            "a rabbit hopped across the path",
            "the stars were bright and close",
            "an owl said hoo from a gatepost",
            "daisies nodded in the moonlight",
        ],
        RichDetails =
        [
            "the path wound ahead of them like a pale ribbon, over one hill and down the next",
            "the moon hung low and golden, lighting the way like a lamp left on for travellers",
            "a signpost at the crossroads pointed in five directions at once, each arm painted with a name {Name} had never heard before",
            "the air smelled of clover, damp grass and faraway rain",
            "a windmill on the hilltop turned its great sails slowly, creaking a gentle rhythm",
            "glow-worms had lit their tiny lamps all along the hedgerows, as if expecting visitors",
            "the stream beside the path chattered and laughed, as though it knew a joke it wasn't telling",
        ],
        Places = ["behind a mossy stone", "under a wooden bridge", "inside a hollow tree", "at the top of a windy hill", "beside a bubbling stream"],
        Guide = new("a very old map with curly writing", "the old map"),
        Rope = new("a long, strong rope", "the rope"),
        Light = new("a bright little torch", "the torch"),
        Obstacles =
        [
            new("A wide, rushing stream crossed the path.", "They found a row of stepping stones and hopped across: one, two, three, four!"),
            new("A thick hedge grew right across the way.", "They found a tiny gap at the bottom and wriggled through, giggling."),
        ],
        SleepImages =
        [
            "the moon shone softly through the curtains",
            "the wind hummed a gentle lullaby",
            "the stars kept watch over the sleeping house",
            "the whole world was quiet and still",
        ],
        Keepsakes = ["a smooth, round pebble that felt warm in your hand", "a tiny golden key"],
    };
}
