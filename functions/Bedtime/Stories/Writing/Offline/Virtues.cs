namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// The lesson a story builds to. The resolution shows the child doing it (that is what finally fixes the problem),
/// the companion names it, and the last lines state the moral: the parent's words when given, else our own.
/// </summary>
internal sealed record Virtue(
    string Key, string[] Keywords, Passage Resolution, Passage Praise, Passage DefaultMoral, string Hint);

internal static class Virtues
{
    public static readonly Virtue Kindness = new(
        "kindness",
        ["kind", "kindness", "nice", "caring", "care", "gentle", "gentleness", "compassion", "love", "loving", "empathy"],
        new Passage(
            ["Then {Name} had a new idea. {They} sat down next to {who} and spoke very softly. “It's all right,” {they} said. “We're here now. We'll help you.” And something warm began to happen."],
            ["This time, {Name} did something different. {They} sat down quietly beside {who} and said, “It's all right. You're not on your own any more, and we'll stay as long as it takes.” Something warm seemed to spread through the night."],
            ["Then {Name} realised that, in all the hurry, nobody had asked how {who} was feeling. So {they} sat down quietly alongside and said, very gently, “It's all right. You're not alone any more.” It was a small thing to say, yet it changed everything."]),
        new Passage(
            ["“You were so kind,” {says} {comp}."],
            ["“You didn't need to be strong or clever,” {says} {comp}. “You just needed to be kind.”"],
            ["“Do you know what fixed it?” {says} {comp} softly. “Not strength, and not cleverness. Just kindness.”"]),
        new Passage(
            ["being kind is a special kind of magic"],
            ["a little kindness can make the whole world brighter"],
            ["kindness is one of the quietest and strongest kinds of magic there is"]),
        "“Remember,” {friendSays} {friend}, “a kind word can mend almost anything.”");

    public static readonly Virtue Courage = new(
        "courage",
        ["brave", "bravery", "courage", "courageous", "fear", "fears", "afraid", "scared", "fearless", "bold", "frightened"],
        new Passage(
            ["{Name}'s knees felt wobbly. But {they} took a big, brave breath. {They} went right up close to {who}. “I'm a bit scared too,” {they} said. “But I'm here.”"],
            ["{Name}'s knees felt wobbly, and {their} heart was thumping. But {they} took a deep breath and stepped right up close to {who}, even though it was dark and a little bit scary. “I'm scared too,” {they} said. “But being brave means doing it anyway.”"],
            ["{Name}'s heart was thudding, and the darkness felt enormous. But {they} drew a long, slow breath and stepped forward anyway, right up close to {who}. “I'm frightened too,” {Name} admitted. “But being brave just means being scared and doing it anyway.”"]),
        new Passage(
            ["“You were so brave,” {says} {comp}."],
            ["“You were scared, and you did it anyway,” {says} {comp}. “That's real bravery.”"],
            ["“You know,” {says} {comp}, “being brave doesn't mean you aren't scared. It means you keep going even when you are.”"]),
        new Passage(
            ["being brave means trying, even when you feel scared"],
            ["being brave doesn't mean you're never scared; it means you try anyway"],
            ["courage isn't the absence of fear, but the choice to keep going in spite of it"]),
        "“Remember,” {friendSays} {friend}, “even the bravest hearts feel a little wobbly sometimes.”");

    public static readonly Virtue Patience = new(
        "patience",
        ["patient", "patience", "wait", "waiting", "calm", "slow", "slowly", "listen", "listening", "hurry", "rush"],
        new Passage(
            ["“Let's stop rushing,” said {Name}. So they all sat very still. They waited. They listened. And then, very softly, something began to change."],
            ["“Maybe we've been rushing,” said {Name} slowly. So they all sat down and waited, very still and very quiet. One minute passed, then another. And then, little by little, something began to change."],
            ["“I think we've been in far too much of a hurry,” {Name} said at last. So they simply sat beside {who} and waited, quietly and patiently, letting the night settle around them. And slowly, almost too slowly to notice, something began to change."]),
        new Passage(
            ["“You waited so well,” {says} {comp}. “Waiting was the answer!”"],
            ["“Sometimes the best thing to do is wait,” {says} {comp}. “And you knew it.”"],
            ["“Anyone else would have kept rushing about,” {says} {comp}. “You had the patience to wait.”"]),
        new Passage(
            ["good things come to those who wait"],
            ["some things can't be hurried, and patience helps them grow"],
            ["patience is often the quiet key that opens the most stubborn doors"]),
        "“Remember,” {friendSays} {friend}, “the best things often can't be hurried.”");

    public static readonly Virtue Sharing = new(
        "sharing",
        ["share", "sharing", "shares", "give", "giving", "generous", "generosity", "take turns", "taking turns"],
        new Passage(
            ["{Name} felt something in {their} pocket. It was {their} very last biscuit. {They} broke it in half. “Here,” {they} said to {who}. “This half is for you.”"],
            ["{Name} reached into {their} pocket and found {their} last biscuit, the one {they} had been saving. {They} broke it carefully in two and held out the bigger piece. “Here,” {they} said to {who}. “Let's share.”"],
            ["{Name} found the last biscuit in {their} pocket, the one saved all evening for later. For a moment {they} hesitated. Then {they} broke it in two and held out the bigger half. “Here,” {they} said to {who}. “Things are always better shared.”"]),
        new Passage(
            ["“You shared,” {says} {comp}. “And that made everything better.”"],
            ["“You gave away your last biscuit,” {says} {comp}, “and somehow that made everything better.”"],
            ["“You gave away the very thing you'd been saving,” {says} {comp}. “That's what made the difference.”"]),
        new Passage(
            ["sharing makes everyone happier"],
            ["when we share what we have, there's more happiness to go round"],
            ["what we share with others has a way of coming back to us, multiplied"]),
        "“Remember,” {friendSays} {friend}, “a thing that is shared is a thing that is doubled.”");

    public static readonly Virtue Honesty = new(
        "honesty",
        ["honest", "honesty", "truth", "true", "truthful", "lie", "lying", "lies", "fib", "fibs"],
        new Passage(
            ["{Name} took a deep breath. “I have to tell the truth,” {they} said. “I don't know what to do. What do you need?” {Who} blinked. Nobody had asked that before."],
            ["{Name} took a deep breath. “I have to be honest,” {they} said. “I thought I knew how to fix this, but I don't. What do you need?” {Who} looked surprised. Nobody had ever asked that before."],
            ["{Name} took a long breath. “I need to be honest,” {they} said. “I've been pretending I knew what to do, and I don't. What do you actually need?” {Who} looked up in surprise, as if nobody had ever thought to ask."]),
        new Passage(
            ["“You told the truth,” {says} {comp}. “That was brave.”"],
            ["“Telling the truth isn't always easy,” {says} {comp}. “But it's what fixed everything.”"],
            ["“It takes real courage to admit you don't know something,” {says} {comp}. “Your honesty is what made it work.”"]),
        new Passage(
            ["telling the truth is always the right thing to do"],
            ["telling the truth, even when it's hard, helps everything go right"],
            ["honesty, even when it's uncomfortable, is the surest way to make things right"]),
        "“Remember,” {friendSays} {friend}, “the truth is always the best place to start.”");

    public static readonly Virtue Teamwork = new(
        "teamwork",
        ["team", "teamwork", "together", "friend", "friends", "friendship", "help", "helping", "helpful", "cooperate", "cooperation", "each other"],
        new Passage(
            ["“We can't do it alone,” said {Name}. “But we can do it together!” So {Name}, {comp} and {who} all tried at once, side by side."],
            ["“We keep trying on our own,” said {Name}. “Let's try together.” So {Name}, {comp} and {who} worked side by side, all at the very same moment, each one helping the others."],
            ["“We've each been trying on our own,” {Name} said slowly. “What if we do it together?” So {Name}, {comp} and {who} gathered close, counted to three, and did their part at exactly the same moment."]),
        new Passage(
            ["“We did it together!” {says} {comp}."],
            ["“None of us could have done it alone,” {says} {comp}. “But together, we could.”"],
            ["“On our own, none of us was enough,” {says} {comp}. “Together, we were more than enough.”"]),
        new Passage(
            ["friends are stronger together"],
            ["when friends work together, they can do almost anything"],
            ["the hardest problems grow lighter when friends carry them together"]),
        "“Remember,” {friendSays} {friend}, “many hands make light work.”");

    public static readonly Virtue Perseverance = new(
        "perseverance",
        ["try", "trying", "persevere", "perseverance", "persistence", "persistent", "practice", "practise", "determination",
            "effort", "mistake", "mistakes", "quit", "quitting", "again", "give up", "giving up", "keep going", "keep trying"],
        new Passage(
            ["{Name} felt like giving up. But {they} did not. “One more try,” {they} said. “A different way.” This time, {they} went slowly and carefully."],
            ["{Name} felt like giving up. But then {they} remembered that nobody gets things right the first time. “One more try,” {they} said firmly. “We'll do it differently.” And this time, {they} went slowly, step by careful step."],
            ["For a moment, {Name} felt like giving up. But every mistake had taught them something. “One more try,” {they} said. “We'll use everything we've learned.” And this time, step by careful step, {they} tried again."]),
        new Passage(
            ["“You didn't give up!” {says} {comp}."],
            ["“You kept trying, even when it was hard,” {says} {comp}."],
            ["“Anyone could have given up after that,” {says} {comp}. “You didn't. That's what made the difference.”"]),
        new Passage(
            ["if at first you don't succeed, you try, try again"],
            ["mistakes are how we learn, and trying again is how we get there"],
            ["every mistake is a step on the way, as long as you keep walking"]),
        "“Remember,” {friendSays} {friend}, “every try teaches you something.”");

    public static readonly Virtue Gratitude = new(
        "gratitude",
        ["thank", "thanks", "thankful", "grateful", "gratitude", "appreciate", "appreciation", "manners", "please"],
        new Passage(
            ["Then {Name} said something nobody had said all night. “Thank you,” {they} said to {who}. “Thank you for holding on.” {Who} smiled a big, warm smile."],
            ["Then {Name} did something nobody had thought of. {They} said thank you. “Thank you for waiting for us,” {they} told {who}. “And thank you, {comp}, for bringing me here.” The words were small, but they were warm."],
            ["Then {Name} did something nobody had thought to do all night: {they} said thank you. “Thank you for holding on until we came,” {they} told {who}. The words were small but warm, and warmth, it turned out, was exactly what was needed."]),
        new Passage(
            ["“A thank-you is a warm thing,” {says} {comp}."],
            ["“Who knew two little words could do so much?” {says} {comp}."],
            ["“Two small words,” {says} {comp}, “and look what they did.”"]),
        new Passage(
            ["saying thank you makes hearts feel warm"],
            ["a thank-you costs nothing but can warm a whole heart"],
            ["gratitude has a way of warming even the coldest and loneliest places"]),
        "“Remember,” {friendSays} {friend}, “a thank-you can warm the coldest night.”");

    /// <summary>For a moral we have no words of our own for: the story quotes the parent's words instead.</summary>
    public static readonly Virtue Wisdom = new(
        "wisdom",
        [],
        new Passage(
            ["{Name} thought hard. Then {they} remembered some words {they} knew well: “{Moral}.” “Let's try again,” {they} said. “Like that.”"],
            ["{Name} stopped and thought. Then {they} remembered words {they} had heard many times before: “{Moral}.” Suddenly {they} knew what to do. “Let's try again,” {they} said, “the right way this time.”"],
            ["{Name} stood very still and thought, and into {their} mind came words heard many times before, which suddenly made perfect sense: “{Moral}.” “Let's try once more,” {Name} said quietly, “the right way.”"]),
        new Passage(
            ["“You remembered just the right thing,” {says} {comp}."],
            ["“You remembered what really mattered,” {says} {comp}."],
            ["“You remembered what really mattered,” {says} {comp}, “right when it mattered most.”"]),
        new Passage(["{moral}"]),
        "“Remember,” {friendSays} {friend}, “{Moral}.”");

    private static readonly Virtue[] Known = [Kindness, Courage, Patience, Sharing, Honesty, Teamwork, Perseverance, Gratitude];

    /// <summary>
    /// The virtue whose words the moral uses most; <see cref="Wisdom"/> when none match. Phrases ("give up") count
    /// double, so "never give up" is about perseverance, not about giving.
    /// </summary>
    public static Virtue Match(string moral)
    {
        var words = ThemeWords.Split(moral);
        var phrase = " " + string.Join(' ', words) + " ";
        Virtue best = Wisdom;
        var bestScore = 0;
        foreach (var virtue in Known)
        {
            var score = words.Count(w => ThemeWords.Matches(w, virtue.Keywords));
            foreach (var keyword in virtue.Keywords)
                if (keyword.Contains(' ') && phrase.Contains($" {keyword} ", StringComparison.Ordinal))
                    score += 2;
            if (score > bestScore)
                (best, bestScore) = (virtue, score);
        }
        return best;
    }
}
