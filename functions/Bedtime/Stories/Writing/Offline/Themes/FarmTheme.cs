namespace Bedtime.Stories.Writing.Offline.Themes;

internal static class FarmTheme
{
    public static ThemeFamily Family { get; } = new()
    {
        Key = "farm",
        Keywords =
        [
            "farm", "farmer", "cow", "pig", "piglet", "sheep", "lamb", "goat", "chicken", "chick", "hen", "duck", "duckling",
            "horse", "pony", "ponies", "tractor", "barn", "donkey", "rooster", "calf", "calves", "field", "harvest", "hay",
            "goose", "geese", "farmyard", "countryside", "cockerel",
        ],
        DefaultSetting = "in a little white farmhouse at the end of a muddy lane",
        DefaultVirtue = Virtues.Kindness,
        TitleWords = ["Farmyard", "Barnyard", "Moonlit Farm"],
        Exclamations = ["Moo-tastic!", "Well, I'll be a haystack!", "Oink, oink, hooray!"],
        Companions =
        [
            new("Buttercup", "a gentle brown cow with a bell around her neck", "the cow", "mooed",
                "a bell went clang, clang, softly outside the window",
                "Buttercup gave a happy moo and swished her tail", "Buttercup's ears twitched nervously"),
            new("Trotter", "a cheeky pink piglet with a curly tail", "the piglet", "squealed",
                "something went snuffle, snuffle at the window",
                "Trotter rolled over and wiggled with joy", "Trotter's curly tail went straight"),
            new("Tilly", "a little green tractor with big muddy wheels", "the tractor", "honked",
                "a cheerful honk came from the yard below",
                "Tilly honked three happy honks", "Tilly's engine spluttered"),
        ],
        Problems =
        [
            new(ProblemKind.Lost, Who: "Lulu", Intro: "the littlest lamb", Title: "the Lost Little Lamb",
                Trouble: "Lulu the little lamb has wandered off. Lulu can't find the way back to the flock.",
                TroubleRich: "Lulu, the youngest lamb on the farm, squeezed through a gap in the hedge and now can't find the way back to the flock.",
                Where: "standing all alone in the middle of the big, dark field",
                State: "Lulu was bleating softly, baa, baa, and shivering in the cool night air.",
                Fixed: "From over the hill came a soft baa. It was Lulu's mum! Lulu skipped across the field and snuggled into the warm, woolly flock.",
                FixedRich: "From over the hill came an answering baa, soft and warm. It was Lulu's mum! Lulu skipped across the dewy field and snuggled deep into the warm, woolly flock."),
            new(ProblemKind.Scared, Who: "Pickle", Intro: "the farm kitten", Title: "the Kitten on the Barn Roof",
                Trouble: "Pickle the farm kitten climbed up onto the barn roof, and now Pickle is too scared to come down.",
                TroubleRich: "Pickle, the farm kitten, chased a moth all the way up onto the barn roof, and now Pickle is far too frightened to climb back down.",
                Where: "perched on the very top of the barn roof",
                State: "Pickle was clinging on tight with all four paws and mewing.",
                Fixed: "Pickle took one careful step, then another, all the way down to the ground. Then Pickle purred and purred, and curled up in the warm hay.",
                FixedRich: "Pickle took one careful step, then another, and another, all the way down to the ground. Then the little kitten purred like a motor and curled up in the warm, sweet hay."),
            new(ProblemKind.Stuck, Who: "Gertie", Intro: "the goat", Title: "the Goat Who Got Stuck",
                Trouble: "Gertie the goat has got her head stuck in the garden fence!",
                TroubleRich: "Gertie the goat tried to reach the farmer's cabbages through the garden fence, and now her head is well and truly stuck.",
                Where: "with her head stuck through the garden fence",
                State: "Gertie had been trying to reach the cabbages, and now she couldn't get out.",
                Fixed: "Pop! Out came Gertie's head. Gertie gave a happy bleat and a little skip, and promised never to be greedy again. Well, not tonight, anyway.",
                FixedRich: "Pop! Out came Gertie's head at last. Gertie gave a happy bleat and a skip, and solemnly promised never to be greedy again. Well, not tonight, anyway."),
        ],
        Travel = new(
            "they tiptoed across the farmyard, past the sleeping hens and the big red barn",
            "they tiptoed across the moonlit farmyard, past the dozing hens, the quiet duck pond and the great red barn"),
        TravelHome = new(
            "they walked back across the farmyard, all the way to {Name}'s front door",
            "they walked back across the silver farmyard, past the sleeping animals, all the way to {Name}'s front door"),
        Details =
        [
            "the hens were clucking sleepily",
            "the hay smelled sweet and warm",
            "the duck pond shone like a mirror",
            "a horse gave a soft whinny",
            "the big red barn creaked in the breeze",
            "a cow mooed a sleepy moo",
            "the grass was cool and damp with dew",
            "a little mouse peeped out of the hay",
            "the pigs were snoring, snort, snort",
            "the old weather vane turned slowly",
            "a duck quacked a sleepy quack",
            "the sheep were huddled in a woolly heap",
            "a tractor stood quietly by the gate",
            "the air smelled of apples and hay",
        ],
        RichDetails =
        [
            "the barn smelled of sweet hay and warm animals, a cosy, comfortable smell",
            "across the fields, the hedgerows were dark and full of rustlings",
            "the duck pond held the moon in its still water, like a coin at the bottom of a well",
            "a horse in the stable whickered softly and stamped one sleepy hoof",
            "the old weather vane creaked as it turned, pointing this way and that at the wandering breeze",
            "dew had settled over the grass, so that every blade sparkled under the stars",
            "from the pigsty came a chorus of contented snores, each one a little different from the last",
        ],
        Places = ["behind the haystack", "inside the old wheelbarrow", "under the tractor", "around the duck pond", "inside the busy henhouse"],
        Guide = new("the farmer's hand-drawn map of the fields", "the map"),
        Rope = new("a long rope from the barn", "the rope"),
        Light = new("the farmer's old lantern", "the lantern"),
        Obstacles =
        [
            new("A gate was shut tight across the lane.", "{Name} found the latch, click, and the gate swung open."),
            new("A big, muddy puddle filled the whole path.", "They jumped over it together, one, two, three, and landed with a laugh."),
        ],
        SleepImages =
        [
            "the hens were fast asleep in a fluffy row",
            "the old barn owl hooted a soft goodnight",
            "the cows were dreaming under the stars",
            "the whole farm was quiet and still",
        ],
        Keepsakes = ["a warm brown egg with a speckled shell", "a soft tuft of lamb's wool"],
    };
}
