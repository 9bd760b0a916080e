namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class ForestTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "forest",
        Keywords =
        [
            "forest", "wood", "woods", "woodland", "tree", "owl", "fox", "foxes", "badger", "hedgehog", "squirrel", "deer",
            "rabbit", "bunny", "bunnies", "bear", "mushroom", "hare", "woodpecker", "acorn", "leaf", "leaves", "mouse",
            "mice", "firefly", "camping", "campfire", "hiking", "nature", "bird", "wolf", "wolves", "moss", "oak",
        ],
        DefaultSetting = "in a little wooden house at the edge of the Whispering Wood",
        DefaultVirtue = Virtues.Patience,
        TitleWords = ["Woodland", "Forest", "Moonlit"],
        Exclamations = ["Oh, my whiskers!", "Acorns and oak leaves!", "Hooray, hooray!"],
        Companions =
        [
            new("Hazel", "a small red fox with a fluffy white-tipped tail", "the little fox", "said",
                "something scratched softly at the window, scritch-scratch",
                "Hazel swished her fluffy tail with joy", "Hazel's ears went flat"),
            new("Professor Hoot", "a wise old owl in round golden spectacles", "the old owl", "hooted",
                "there was a soft flutter of feathers at the window",
                "Professor Hoot hooted so happily that his spectacles slipped", "Professor Hoot ruffled his feathers anxiously"),
            new("Bramble", "a round little hedgehog in a red woolly scarf", "the hedgehog", "squeaked",
                "something small and prickly tapped on the window, tap, tap, tap",
                "Bramble rolled into a ball and bounced with joy", "Bramble's prickles stood on end"),
        ],
        Problems =
        [
            new(ProblemKind.Scared, Who: "Twiggy", Intro: "the baby owl", Title: "the Owl Who Was Afraid of the Dark",
                Trouble: "Twiggy the baby owl is scared of the dark. Twiggy is too frightened to fly home.",
                TroubleRich: "Twiggy, the youngest owl in the whole wood, is afraid of the dark, which is a terrible problem for an owl, and is far too frightened to fly home.",
                Where: "perched on a low branch of the biggest oak tree",
                State: "Twiggy's feathers were all fluffed up, and Twiggy was trembling.",
                Fixed: "Twiggy spread two small wings, took a wobbly hop, and flew! Up and over the treetops went Twiggy, all the way home to the nest.",
                FixedRich: "Twiggy spread two small wings, took one wobbly hop, and flew! Up and over the silver treetops went the little owl, hooting with delight, all the way home to the nest."),
            new(ProblemKind.Lost, Who: "Conker", Intro: "the baby hedgehog", Title: "the Lost Baby Hedgehog",
                Trouble: "Conker the baby hedgehog is lost in the leaves. Conker can't find the way home.",
                TroubleRich: "Conker, the smallest hedgehog in the wood, wandered off after a beetle and now can't find the way home.",
                Where: "curled up in a pile of crunchy leaves",
                State: "Conker was cold and a little bit sniffly.",
                Fixed: "Conker sniffed the air, and smiled. Home was just over the hill! Off Conker trotted, snuffling happily, all the way back to the cosy nest.",
                FixedRich: "Conker lifted a small pointed nose, sniffed the night air, and smiled: home was just over the hill. Off Conker trotted, snuffling happily, all the way back to the cosy nest under the roots."),
            new(ProblemKind.Dim, Who: "Flicker", Intro: "the littlest firefly", Title: "the Firefly Who Lost Its Light",
                Trouble: "Flicker the firefly has lost its light. Without it, the little animals can't find their way home in the dark.",
                TroubleRich: "Flicker, the firefly who lights the path for all the small animals of the wood, has lost its light, and now nobody can find the way home.",
                Where: "sitting alone on a mushroom by the stream",
                State: "Flicker's tiny light had gone out, and Flicker looked very sad.",
                Fixed: "Flicker's light flickered once, twice, and then shone bright and golden. All the other fireflies lit up too, and the whole forest twinkled.",
                FixedRich: "Flicker's light flickered once, twice, and then shone out bright and golden. One by one, all the other fireflies lit up too, until the whole forest twinkled like a sky full of stars."),
        ],
        Travel = new(
            "they tiptoed along the twisty forest path, under the tall, dark trees",
            "they followed a narrow, twisting path deep into the forest, where the trees leaned close together and the moonlight came down in silver puddles"),
        TravelHome = new(
            "they followed the path back through the trees to {Name}'s door",
            "they wandered back along the moonlit path, past the sleeping trees and the whispering stream, until {Name}'s own front door came into view"),
        Details =
        [
            "the trees whispered in the breeze",
            "an owl hooted, hoo-hoo, somewhere high up",
            "the leaves crunched under their feet",
            "a rabbit peeped out of its burrow",
            "the air smelled of pine and damp moss",
            "mushrooms glowed softly along the path",
            "a little stream went gurgle, gurgle, gurgle",
            "fireflies blinked like tiny lanterns",
            "a squirrel dropped an acorn, plink",
            "the moss was as soft as a carpet",
            "a hedgehog snuffled through the ferns",
            "the stars peeped between the leaves",
            "a frog said ribbit from the pond",
            "the path was soft with pine needles",
        ],
        RichDetails =
        [
            "the old trees creaked and murmured, as though sharing secrets in a language older than words",
            "moonlight slipped between the branches and lay in pale silver pools on the mossy ground",
            "the air smelled of pine needles, damp earth and something sweet, like wild honey",
            "a family of badgers trundled across the path, nodding politely as they passed",
            "somewhere high above, an owl called, long and low, and another answered from far away",
            "fireflies drifted between the ferns, their tiny lights rising and falling like slow breaths",
            "the stream chattered over its stones, never stopping and never in a hurry",
            "a deer stood perfectly still in a clearing, watching them with calm, dark eyes",
        ],
        Places = ["behind an old hollow log", "under a heap of crunchy leaves", "inside a rabbit burrow", "beneath a giant toadstool", "around the old oak tree"],
        Guide = new("a map drawn on a big oak leaf", "the leaf map"),
        Rope = new("a long, strong vine", "the vine"),
        Light = new("a jar full of glow-worms", "the glow-worm jar"),
        Obstacles =
        [
            new("A fallen tree lay right across the path.", "They climbed over it, one careful step at a time, and {comp} helped {Name} down the other side."),
            new("A wide, babbling stream blocked the way.", "They hopped across on the stepping stones, hop, hop, hop, and not a single splash."),
        ],
        SleepImages =
        [
            "the trees rustled a soft goodnight",
            "an owl hooted a sleepy lullaby",
            "the moon peeped through the branches like a night-light",
            "the whole forest settled down to sleep",
        ],
        Keepsakes = ["a shiny brown conker, as smooth as a pebble", "a feather as soft as a whisper"],
    };
}
