using System.Text.RegularExpressions;

namespace Bedtime.Stories.Safety;

/// <summary>What <see cref="OfflineSafetyChecker"/> knows: terms by category and severity, the words its context rules
/// look at, phrases whose harmless sense sets a term aside, and patterns that only mean harm together.</summary>
internal static class SafetyLexicon
{
    private static readonly (string Terms, SafetyCategory Category, int Severity)[] Entries =
    [
        // Violence: fairy-tale peril is 2, harm done to someone 4, killing, gore and cruelty 6.
        ("fight fights fought fighting battle battles sword swords chase chased war wars", SafetyCategory.Violence, 2),
        ("die dies died dying dead", SafetyCategory.Violence, 2),
        ("hit hits hitting punch punched punches punching kick kicked kicks kicking slap slapped slapping beat beats beating bit bite bites biting " +
         "hurt hurts hurting attack attacked attacks attacking shove shoved choke choked strangle strangled poison poisoned poisoning " +
         "threaten threatened threatening", SafetyCategory.Violence, 4),
        ("gun guns pistol rifle knife knives weapon weapons bomb bombs grenade explode exploded wounded bleeding bled injured", SafetyCategory.Violence, 4),
        ("shoot shoots shot shooting", SafetyCategory.Violence, 4),
        ("kill kills killed killing killer murder murdered murderer stab stabbed stabbing slaughter slaughtered massacre torture tortured " +
         "behead beheaded decapitated strangled_to_death gore gory corpse corpses butcher butchered drown drowned", SafetyCategory.Violence, 6),
        ("blood bloody", SafetyCategory.Violence, 4),
        ("kidnap kidnapped kidnapping abduct abducted", SafetyCategory.Violence, 6),
        // Self-harm (also as patterns below).
        ("suicide suicidal overdose", SafetyCategory.SelfHarm, 6),
        // Sexual.
        ("sex sexual sexy porn pornography naked nude nudes undress undressed undressing erotic orgasm", SafetyCategory.Sexual, 6),
        // Substances.
        ("beer beers wine vodka whisky whiskey rum alcohol alcoholic drunk tipsy hangover cigarette cigarettes cigar vape vaping cocaine heroin " +
         "meth marijuana cannabis drugs drug", SafetyCategory.Substances, 4),
        // Profanity.
        ("shit fuck fucking fucked bitch bastard asshole dick piss", SafetyCategory.Profanity, 4),
        ("damn crap hell bloody_hell stupid_idiot", SafetyCategory.Profanity, 2),
        // Fear: 2 only near a scary word, except for what is scary in itself (AlwaysScary).
        ("monster monsters ghost ghosts witch skeleton darkness shadow shadows creature creatures", SafetyCategory.Fear, 2),
        ("demon demons satan devil possessed zombie zombies nightmare nightmares haunted horror", SafetyCategory.Fear, 4),
        // Hate (slurs are matched as patterns of group words with contempt, below).
        ("nazi nazis racist racists", SafetyCategory.Hate, 4),
    ];

    public static readonly IReadOnlyList<(string[] Phrase, SafetyCategory Category, int Severity)> Terms =
        [.. Entries.SelectMany(e => e.Terms.Split(' ').Select(t => (t.Split('_'), e.Category, e.Severity)))];

    /// <summary>Verbs whose weight depends on what they are done to.</summary>
    public static readonly HashSet<string> DoneTo =
    [
        "hit", "hits", "hitting", "punch", "punched", "punches", "punching", "kick", "kicked", "kicks", "kicking", "slap", "slapped", "slapping",
        "beat", "beats", "beating", "bit", "bite", "bites", "biting", "shoot", "shoots", "shot", "shooting", "attack", "attacked", "attacks", "attacking",
        "hurt", "hurts", "hurting", "shove", "shoved", "poison", "poisoned", "poisoning", "threaten", "threatened", "threatening",
    ];

    /// <summary>Things a child hits, kicks, shoots or bites in play.</summary>
    public static readonly HashSet<string> Things =
    [
        "ball", "balls", "football", "drum", "drums", "note", "notes", "button", "road", "hay", "target", "targets", "goal", "pinata", "piñata",
        "bell", "gong", "jackpot", "snooze", "apple", "sandwich", "cookie", "carrot", "hoops", "basket", "puck", "shuttlecock", "record", "high",
        "photo", "photos", "picture", "pictures", "film", "movie", "star", "stars", "rainbow", "moon", "sky", "bubbles", "water", "pillow", "pillows",
        "the_road", "big", "sprouts", "up", "sack",
    ];

    /// <summary>Verbs that are as often harmless ("a bit sleepy", "shot up"): they count only when done to someone.</summary>
    public static readonly HashSet<string> OnlyWhenDoneToSomeone = ["bit", "beat", "beats", "shot"];

    /// <summary>Someone who can be harmed.</summary>
    public static readonly HashSet<string> Beings =
    [
        // Not the reflexive pronouns: harm done to oneself is judged by the self-harm patterns, which look for intent.
        "him", "her", "them", "me", "you", "us", "boy", "boys", "girl", "girls", "son", "daughter", "stepdaughter", "stepson",
        "prince", "princess", "king", "queen", "knight", "knights", "soldier", "soldiers", "prisoner", "villagers", "hunter", "farmer", "neighbours",
        "man", "men", "woman", "women", "child", "children", "kid", "kids", "baby", "mom", "mum", "mother", "dad", "father", "brother", "sister",
        "friend", "friends", "teacher", "grandma", "grandpa", "dog", "puppy", "cat", "kitten", "bunny", "rabbit", "bird", "pony", "horse",
        "people", "person", "someone", "everyone", "classmate", "neighbour", "neighbor", "his", "their",
    ];

    public static readonly HashSet<string> Possessives = ["his", "her", "their", "my", "your", "its", "our"];

    public static readonly HashSet<string> BodyParts =
        ["knee", "knees", "toe", "toes", "finger", "fingers", "arm", "arms", "leg", "legs", "elbow", "paw", "paws", "wing", "wings", "nose", "foot", "feet", "thumb", "tongue", "lip", "ankle", "wrist", "back"];

    public static readonly HashSet<string> Negations =
        ["no", "not", "never", "nobody", "nothing", "without", "didn't", "don't", "doesn't", "wasn't", "weren't", "won't", "isn't", "nor", "stopped", "instead"];

    public static readonly HashSet<string> ScaryWords =
    [
        "scary", "terrifying", "terrified", "evil", "creepy", "hideous", "horrible", "screamed", "screaming", "shrieked", "blood", "bloody",
        "dreadful", "monstrous", "menacing", "sinister", "grisly", "eat", "devour", "devoured", "trapped", "alone", "forever", "crept", "lurked", "fangs",
        "dead", "dragged", "grabbed", "waiting",
    ];

    /// <summary>Terms that mean no harm in a sentence that also holds one of these words (a kitchen knife).</summary>
    public static readonly IReadOnlyDictionary<string, HashSet<string>> HarmlessWith = new Dictionary<string, HashSet<string>>
    {
        ["knife"] = Kitchen, ["knives"] = Kitchen,
    };

    private static HashSet<string> Kitchen =>
        ["bread", "butter", "slice", "slices", "sliced", "chef", "cook", "cooked", "kitchen", "vegetables", "cake", "fork", "spread", "apple", "cheese", "carrots", "peel", "chop", "chopped"];

    public static readonly HashSet<string> AlwaysScary = ["demon", "demons", "satan", "devil", "possessed", "zombie", "zombies", "horror"];

    /// <summary>Phrases in which a term means no harm: they are taken out of the sentence before terms are matched.</summary>
    private static readonly string[][] HarmlessSenses =
    [
        .. new[]
        {
            "shooting star", "shooting stars", "killer whale", "killer whales", "kill time", "killing time", "blood orange", "blood oranges",
            "pillow fight", "pillow fights", "food fight", "snowball fight", "snowball fights", "water fight", "tickle fight", "play fight",
            "naked eye", "bath bomb", "bath bombs", "photo bomb", "drug store", "drugstore", "hit song", "big hit", "a hit", "hit it off",
            "dressed to kill", "died down", "dying to", "dead tired", "dead end", "deadline", "beat the heat", "beat the clock", "heart beat",
            "heartbeat", "drum beat", "beat of", "bit of", "a bit", "little bit", "bite to eat", "mosquito bite", "mosquito bites", "bug bite",
            "bedbugs bite", "shot up", "gave it a shot", "flu shot", "pull the weeds", "pulled the weeds", "ghost story", "friendly ghost",
            "friendly monster", "friendly monsters", "cookie monster", "root beer", "ginger beer", "wine gums", "chase the butterflies",
            "chased the butterflies", "chased butterflies", "chased fireflies", "hell's kitchen", "shadow puppets", "shadow puppet", "war of the",
            "sword fern", "swordfish", "arrow keys", "bow and arrow practice", "battle of the bands", "hurt feelings", "witch hazel",
            "water gun", "water guns", "water pistol", "glue gun",
        }.Select(p => p.Split(' ')),
    ];

    public static string[] WithoutHarmlessSenses(string[] words)
    {
        var kept = new List<string>(words.Length);
        for (var i = 0; i < words.Length;)
        {
            var skip = 0;
            foreach (var phrase in HarmlessSenses)
                if (phrase.Length > skip && i + phrase.Length <= words.Length && phrase.AsSpan().SequenceEqual(words.AsSpan(i, phrase.Length)))
                    skip = phrase.Length;
            if (skip == 0) kept.Add(words[i++]);
            else { kept.Add("_"); i += skip; }
        }
        return [.. kept];
    }

    private const string Group = "(?:" + GroupWord + ")(?: kids| children| people| boys| girls| families| folk)?";
    private const string GroupWord =
        "(?:immigrants?|foreigners?|refugees?|jews?|jewish|muslims?|christians?|hindus?|gypsies|gypsy|roma|black people|white people|asians?|africans?|" +
        "mexicans?|chinese|arabs?|gays?|gay people|lesbians?|trans people|disabled people|fat people|poor people|girls|boys|women|men|people like (?:them|you|him|her))";
    private const string Contempt =
        "(?:stupid|dirty|filthy|disgusting|vermin|rats|animals|pigs|inferior|worthless|subhuman|scum|trash|lazy|thieves|criminals|evil|ugly|smell|stink|" +
        "don't belong|do not belong|should leave|should go back|should die|deserve to die|are a disease|are a plague|can't be trusted|cannot be trusted)";

    public sealed record Pattern(Regex Regex, SafetyCategory Category, int Severity);

    /// <summary>Harm that only shows in several words together: matched on the sentence's words joined by single spaces.</summary>
    public static readonly IReadOnlyList<Pattern> Patterns =
    [
        new(Regex(@" (?:kill|kills|killed|killing|cut|cuts|cutting|harm|harmed|harming|starve|starved|starving|hate|hated|punish|punished) (?:myself|himself|herself|themselves|yourself|ourselves) "), SafetyCategory.SelfHarm, 6),
        // Hurting oneself counts as self-harm only with a sign of intent: a child who trips and hurts himself is fine.
        new(Regex(@"(?: on purpose| to feel| wanted to| tried to| started| felt| because).* (?:hurt|hurts|hurting) (?:myself|himself|herself|themselves|yourself) | (?:hurt|hurts|hurting) (?:myself|himself|herself|themselves|yourself) .*(?:on purpose|to feel|because|when (?:i|he|she|they) felt) "), SafetyCategory.SelfHarm, 6),
        new(Regex(@" (?:end|ended|ending|take|took|taking) (?:my|his|her|their|your|our) (?:own )?life "), SafetyCategory.SelfHarm, 6),
        new(Regex(@" (?:wants?|wanted|wish|wished|wishes|longed|decided) (?:to die|(?:i|he|she|they|we) (?:was|were) dead|to disappear forever|to never wake up) "), SafetyCategory.SelfHarm, 6),
        new(Regex(@" (?:all|whole bottle of|every one of|handful of) (?:\w+ ){0,2}(?:pills|tablets|medicine) "), SafetyCategory.SelfHarm, 6),
        new(Regex(@" so (?:i|he|she|they|we) (?:would|could|will) (?:never wake up|not wake up|sleep forever|not be here) "), SafetyCategory.SelfHarm, 6),
        new(Regex(@" (?:jump|jumped|jumping) (?:off|from) (?:the |a )?(?:bridge|roof|cliff|building|window) (?:so|to|and never|because) "), SafetyCategory.SelfHarm, 6),
        new(Regex(@" never (?:to )?wake up (?:again )?(?:on purpose|because|so that) "), SafetyCategory.SelfHarm, 6),
        new(Regex(@" (?:until|till) (?:he|she|it|they|the \w+) (?:stopped|stops) (?:moving|breathing) "), SafetyCategory.Violence, 6),
        new(Regex(@" (?:to death|pool of blood|blood (?:everywhere|gushed|gushing|dripped|dripping|poured|splattered)|bones (?:cracked|snapped|broke)|screamed in pain|cut (?:off )?(?:his|her|its|their) (?:head|throat|fingers?|tail|ears?)|slit (?:his|her|its|their|the \w+'s) throat|(?:ripped|tore) (?:\w+ ){1,3}apart|skinned|(?:burned|burnt|buried) (?:\w+ ){1,3}alive|(?:bit|cut|chopped|tore|ripped) off (?:\w+ ){0,2}(?:fingers?|head|hands?|ears?|legs?|arms?|tail|nose)|(?:broke|broken|snapped) (?:his|her|their|its) (?:neck|skull|spine)) "), SafetyCategory.Violence, 6),
        new(Regex(@" (?:dragged|pulled|grabbed|snatched|bundled) (?:the |a )?(?:\w+ )?(?:girl|boy|child|kid|baby|children|kids) into (?:a |the |his |their )?(?:van|car|truck|woods|sack) "), SafetyCategory.Violence, 6),
        new(Regex(@" dead (?:children|child|kids|babies|baby|bodies|body) "), SafetyCategory.Fear, 4),
        new(Regex(@" (?:locked|shut|tied) (?:\w+ ){1,3}(?:up )?(?:in|to) (?:the |a )?(?:cellar|basement|cage|closet|box|chair|tree) (?:for days|without food|and left|all night|in the dark) "), SafetyCategory.Violence, 6),
        new(Regex(@" (?:touching|touches|touched|kissing) (?:\w+ )?(?:a |our |their )?secret | keep (?:our|their|this|the|it) (?:\w+ )?(?:touching|kissing|game|photos|pictures) (?:a )?secret "), SafetyCategory.Sexual, 6),
        new(Regex(@" (?:touched|touch|touching) (?:her|his|their|the child's|my) (?:private|privates|body|chest) "), SafetyCategory.Sexual, 6),
        new(Regex(@" (?:took|take|takes|taking) off (?:all )?(?:her|his|their) (?:clothes|dress|shirt|pants|underwear) (?:for|in front of|while) "), SafetyCategory.Sexual, 6),
        new(Regex(@" (?:make|made|making) love | slept with | in bed together | hooked up "), SafetyCategory.Sexual, 6),
        new(Regex(@" (?:smoked|smoking|smoke|smokes|rolled|sold|selling|bought) (?:some |a |the )?(?:weed|joint|joints|pot|crack|pills) "), SafetyCategory.Substances, 4),
        new(Regex(@" (?:got|get|gets|getting) (?:really |very )?(?:high|wasted|hammered|stoned) "), SafetyCategory.Substances, 4),
        new(Regex(@" " + Group + @" (?:(?:are|is|were|should|deserve) )?(?:all |so |just |really |very |a |an |nothing but )?" + Contempt + " "), SafetyCategory.Hate, 4),
        new(Regex(@" " + Contempt + @" (?:\w+ ){0,2}" + Group + " "), SafetyCategory.Hate, 4),
        new(Regex(@" go back to (?:your|their|his|her) (?:own )?(?:country|countries) "), SafetyCategory.Hate, 4),
        new(Regex(@" (?:hate|hates|hated) (?:all )?(?:the |those |these )?" + Group + " "), SafetyCategory.Hate, 4),
    ];

    private static Regex Regex(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
