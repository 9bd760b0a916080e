namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class DinosaurTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "dinosaurs",
        Keywords =
        [
            "dinosaur", "dino", "rex", "trex", "tyrannosaurus", "triceratops", "stegosaurus", "brontosaurus", "diplodocus",
            "raptor", "velociraptor", "pterodactyl", "pteranodon", "fossil", "prehistoric", "jurassic", "volcano",
            "ankylosaurus", "spinosaurus", "dinosaurs", "dinos",
        ],
        DefaultSetting = "in a green valley full of giant ferns, long, long ago",
        DefaultVirtue = Virtues.Teamwork,
        TitleWords = ["Dinosaur", "Prehistoric", "Stomping"],
        Exclamations = ["Roaring rocks!", "Stomping stegosaurs!", "Great big footprints!"],
        Companions =
        [
            new("Rexy", "a little tyrannosaurus with a very big smile", "the little tyrannosaurus", "said",
                "something outside went thump, thump, thump",
                "Rexy wiggled two tiny arms with joy", "Rexy's tiny arms twisted nervously"),
            new("Tops", "a friendly triceratops with three shiny horns", "the triceratops", "rumbled",
                "a big, gentle face peeped in through the window",
                "Tops wagged a big, stumpy tail", "Tops looked down at the ground, worried"),
            new("Pterry", "a pteranodon with wide, leathery wings", "the pteranodon", "squawked",
                "a great flap of wings swooshed past the window",
                "Pterry did a loop-the-loop in the sky", "Pterry's wings drooped"),
        ],
        Problems =
        [
            new(ProblemKind.Lost, Who: "Trixie", Intro: "the baby triceratops", Title: "the Lost Little Triceratops",
                Trouble: "Trixie the baby triceratops has wandered away from the herd. Trixie can't find the way home.",
                TroubleRich: "Trixie, the youngest triceratops in the herd, wandered off to chase a dragonfly and now can't find the way home.",
                Where: "hiding among the giant ferns by the swamp",
                State: "Trixie was very small and very muddy, and Trixie's lip was wobbling.",
                Fixed: "Far away, there came a deep, rumbly call. It was Trixie's mum! Trixie stomped off happily, all the way home to the herd.",
                FixedRich: "Far away came a deep, rumbling call that {Name} could feel through the ground. It was Trixie's mum! Trixie trumpeted back and stomped off happily, all the way home to the herd."),
            new(ProblemKind.Scared, Who: "Dot", Intro: "the little stegosaurus", Title: "the Dinosaur Who Was Scared of the River",
                Trouble: "Dot the little stegosaurus is too scared to cross the big river. Dot's home is on the other side.",
                TroubleRich: "Dot, the littlest stegosaurus, needs to cross the river to get home, but the water is wide and noisy, and Dot is far too scared.",
                Where: "standing at the edge of the rushing river",
                State: "Dot's tail was tucked in tight, and Dot was trembling.",
                Fixed: "Dot took one step into the water, then another, and another. Splash, splash, splash! Soon Dot was safe on the other side, doing a happy stomping dance.",
                FixedRich: "Dot took one step into the water, then another, and another. Splash, splash, splash! Before long, Dot was safe on the far bank, doing a happy stomping dance that shook the ferns."),
            new(ProblemKind.Stuck, Who: "Longneck", Intro: "the old diplodocus", Title: "the Dinosaur in the Mud",
                Trouble: "Longneck the diplodocus is stuck in the sticky mud. Longneck can't get out!",
                TroubleRich: "Longneck, the oldest and tallest diplodocus in the valley, has waded into the swamp and got stuck fast in the sticky mud.",
                Where: "sunk up to the knees in a sticky, squelchy swamp",
                State: "Longneck's long neck drooped down low, and the mud went glug, glug.",
                Fixed: "With a great big SQUELCH, Longneck's feet came free! The old dinosaur stepped out of the mud and gave a long, happy rumble.",
                FixedRich: "With an enormous SQUELCH, Longneck's feet came free! The old dinosaur stepped out of the swamp, shook off the mud, and gave a long, contented rumble."),
        ],
        Travel = new(
            "they stomped through the giant ferns, past bubbling mud and huge footprints",
            "they pushed their way through ferns taller than houses, past pools of bubbling mud and footprints so big that {Name} could have sat down inside one"),
        TravelHome = new(
            "they stomped back through the ferns, all the way home",
            "they wandered back through the whispering ferns under a sky full of strange stars, all the way home"),
        Details =
        [
            "giant ferns swayed over their heads",
            "a volcano puffed a little cloud of smoke",
            "the ground went thump as a big dinosaur walked by",
            "dragonflies as big as birds zipped past",
            "the swamp went blub, blub, blub",
            "a pterodactyl swooped across the moon",
            "the air was warm and smelled of leaves",
            "huge footprints were pressed into the mud",
            "a family of little dinosaurs were munching leaves",
            "the stars were big and very bright",
            "a baby dinosaur peeped out of its egg",
            "a big dinosaur yawned a great, big yawn",
            "the mud went squelch under their feet",
            "a little lizard scuttled up a rock",
        ],
        RichDetails =
        [
            "ferns as tall as houses arched over them, dripping with warm evening dew",
            "a distant volcano breathed out a lazy ribbon of smoke that glowed orange against the stars",
            "the ground trembled gently as a herd of long-necked dinosaurs plodded past, their heads up among the treetops",
            "enormous dragonflies hovered over the swamp, their wings shimmering like stained glass",
            "the warm air smelled of crushed leaves, wet earth and something faintly like cinnamon",
            "footprints bigger than paddling pools led away into the dark",
            "a pteranodon glided silently across the face of the moon, its great wings spread wide",
        ],
        Places = ["behind a giant fern", "inside a hollow log", "around the bubbling mud pool", "under a huge leafy tree", "beside the smoking volcano"],
        Guide = new("a map scratched on a flat stone", "the stone map"),
        Rope = new("a long, twisty vine", "the vine"),
        Light = new("a glowing chunk of warm volcano rock", "the glowing rock"),
        Obstacles =
        [
            new("A fallen tree trunk as big as a bus blocked the way.", "They wriggled underneath it, one at a time, and came out the other side covered in leaves."),
            new("A big puddle of sticky mud lay across the path.", "They hopped from stone to stone, and only {comp} got muddy feet."),
        ],
        SleepImages =
        [
            "far away, the volcano puffed a sleepy little cloud",
            "the big dinosaurs curled up like giant cats",
            "the ferns swayed a slow, gentle lullaby",
            "the stars blinked down over the sleeping valley",
        ],
        Keepsakes = ["a smooth, round fossil shaped like a seashell", "a baby dinosaur's tooth, tiny and white"],
    };
}
