namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class JungleTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "jungle",
        Keywords =
        [
            "jungle", "monkey", "lion", "tiger", "elephant", "giraffe", "safari", "zebra", "hippo", "hippopotamus",
            "crocodile", "snake", "gorilla", "rainforest", "toucan", "leopard", "sloth", "zoo", "savanna", "savannah",
            "chimp", "chimpanzee", "frog", "rhino", "cheetah", "africa", "animal", "wild", "wildlife", "orangutan",
        ],
        DefaultSetting = "in a treehouse high up in the green, green jungle",
        DefaultVirtue = Virtues.Teamwork,
        TitleWords = ["Jungle", "Rainforest", "Wild"],
        Exclamations = ["Bananas and bongos!", "Jumping jungle vines!", "Ooh-ooh, ah-ah, hooray!"],
        Companions =
        [
            new("Mango", "a cheeky monkey with a long, curly tail", "the monkey", "chattered",
                "something swung down from the trees and landed on the windowsill",
                "Mango swung round and round by the tail, chattering with joy", "Mango scratched a puzzled head"),
            new("Tembo", "a gentle elephant with big, flappy ears", "the elephant", "rumbled",
                "a long grey trunk curled in through the window",
                "Tembo trumpeted a happy toot", "Tembo's big ears drooped"),
            new("Kiki", "a toucan with a beak as bright as a rainbow", "the toucan", "squawked",
                "a flash of bright colours swooped past the window",
                "Kiki flapped and squawked a happy song", "Kiki's bright feathers drooped"),
        ],
        Problems =
        [
            new(ProblemKind.Scared, Who: "Ellie", Intro: "the baby elephant", Title: "the Elephant Who Was Afraid of the River",
                Trouble: "Ellie the baby elephant is scared of the big river. Ellie's family is waiting on the other side!",
                TroubleRich: "Ellie, the smallest elephant in the herd, has to cross the river to reach her family, but the water is wide and fast, and Ellie is terrified.",
                Where: "standing at the edge of the wide, rushing river",
                State: "Ellie's little trunk was curled up tight, and Ellie was trembling.",
                Fixed: "Ellie dipped one foot into the water, then another. Splash, splash! Step by step, Ellie waded all the way across, right into the family's big, warm hug.",
                FixedRich: "Ellie dipped one foot into the water, then another. Splash, splash! Step by careful step, the little elephant waded all the way across, right into the middle of a big, warm family hug."),
            new(ProblemKind.Lost, Who: "Bongo", Intro: "the baby monkey", Title: "the Lost Little Monkey",
                Trouble: "Bongo the baby monkey swung too far and got lost. Bongo can't find the way home.",
                TroubleRich: "Bongo, the smallest monkey in the troop, swung much too far from home and now can't find the way back through the trees.",
                Where: "clinging to a vine high in the tallest tree",
                State: "Bongo was holding on tight and looking all around with big, worried eyes.",
                Fixed: "Then, through the leaves, came a chorus of happy hoots. It was Bongo's family! Bongo swung from vine to vine, all the way home.",
                FixedRich: "Then, through the leaves, came a chorus of happy hoots and chatters. It was Bongo's family! Bongo swung from vine to vine, whooping with delight, all the way home."),
            new(ProblemKind.Dim, Who: "the Moonflower", Title: "the Moonflower That Forgot to Glow",
                Trouble: "The Moonflower glows to show the animals the way home. But tonight it has forgotten how!",
                TroubleRich: "Every night, the Moonflower glows to guide the jungle animals home, but tonight it has forgotten how, and everyone is wandering in the dark.",
                Where: "deep in the middle of the jungle, beside a quiet pool",
                State: "The Moonflower's petals were closed tight and grey.",
                Fixed: "Slowly, the Moonflower opened its petals, one by one, and a soft white light spilled out across the jungle. All the animals followed it home.",
                FixedRich: "Slowly, the Moonflower unfolded its petals, one by one, and a soft white light spilled out across the jungle, and all the animals followed it home."),
        ],
        Travel = new(
            "they swung through the trees on long, twisty vines",
            "they swung from vine to vine, high above the jungle floor, with the warm air rushing past and leaves brushing their cheeks"),
        TravelHome = new(
            "they swung back through the trees, all the way home",
            "they swung back through the sleepy treetops, vine after vine, all the way home"),
        Details =
        [
            "parrots squawked in the treetops",
            "the leaves were big and shiny and green",
            "frogs croaked, ribbit, ribbit",
            "a sloth hung upside down, fast asleep",
            "the air was warm and smelled of flowers",
            "fireflies twinkled between the leaves",
            "a tiger yawned a big, sleepy yawn",
            "a waterfall splashed and sparkled",
            "a snake slid by and smiled politely",
            "big flowers opened like umbrellas",
            "a hippo blew bubbles in the river",
            "a lion snored in the long grass",
            "a parrot said hello, hello",
            "a giraffe nibbled the top of a tree",
        ],
        RichDetails =
        [
            "the jungle hummed and chirped and whistled, thousands of tiny voices singing all at once",
            "leaves as big as umbrellas dripped with warm, glittering raindrops",
            "a waterfall tumbled down a mossy cliff, filling the air with cool, fine spray",
            "the air was thick and warm and smelled of wet earth and sweet, heavy flowers",
            "high in the canopy, a family of sloths dozed upside down, as if gravity were only a suggestion",
            "bright frogs, no bigger than buttons, glowed red and blue on the wet leaves",
            "a tiger padded silently along a branch, its stripes melting in and out of the shadows",
        ],
        Places = ["behind a giant leaf", "inside a hollow tree", "under a tangle of vines", "beside the waterfall", "among the tall, swishy grass"],
        Guide = new("a map painted on a banana leaf", "the banana-leaf map"),
        Rope = new("a long, strong jungle vine", "the vine"),
        Light = new("a jar of twinkling fireflies", "the firefly jar"),
        Obstacles =
        [
            new("A river full of snoozing crocodiles lay across the path.", "They tiptoed across on the crocodiles' backs, and not one crocodile woke up."),
            new("A tangle of thick vines blocked the way.", "Together they pulled the vines apart, like opening a big green curtain."),
        ],
        SleepImages =
        [
            "the jungle hummed a soft, sleepy song",
            "the monkeys curled up together in the treetops",
            "the frogs croaked a slow lullaby",
            "the big leaves rustled goodnight",
        ],
        Keepsakes = ["a bright blue feather from a jungle bird", "a smooth, spotted seed that rattled like a tiny drum"],
    };
}
