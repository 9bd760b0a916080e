using Bedtime.Stories.Writing.Offline.Themes;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// Attempts that fall short, per kind of problem. Each fails in its own way (wrong place, too rough, too quick,
/// borrowed light…), so two failed attempts in one story never repeat each other.
/// </summary>
internal static class Attempts
{
    private static readonly Passage[] Lost =
    [
        new(
            ["They looked {place}. They looked {place2}. But {who}'s home was not there."],
            ["They searched {place}, and then {place2}. They looked high and low, but there was no sign of {who}'s home."],
            ["They searched {place}, then {place2}, peering into every shadow. But wherever {who}'s home was, it wasn't there, and the longer they looked, the further away it seemed."]),
        new(
            ["{Name} called out as loudly as {they} could. “Hello! Is anyone looking for {who}?” But only an echo called back."],
            ["“Let's call for help,” said {Name}. {They} cupped {their} hands and shouted as loudly as {they} could. But the only answer was an echo, fainter and fainter."],
            ["“Maybe someone out there is looking,” {Name} said, and shouted until {their} throat was sore. But the night simply swallowed the sound, and the only reply was a faint and lonely echo."]),
        new(
            ["{Comp} took out {guide}. “This way!” But they went round and round in a circle. Soon they were back where they started."],
            ["{Comp} pulled out {guide}. “This will show us the way!” But {theGuide} was so faded and smudged that they went round in a big circle and ended up right back where they had started."],
            ["{Comp} unfolded {guide} with great confidence. Unfortunately, {theGuide} was so faded that they followed it in one enormous, winding loop, and ended up precisely where they had begun."]),
    ];

    private static readonly Passage[] Stuck =
    [
        new(
            ["{Name} and {comp} held on tight and pulled. They pulled and pulled and pulled. But {who} did not move, not even a tiny bit."],
            ["“Let's pull!” said {Name}. So {Name} and {comp} held on tight, and pulled, and pulled, and pulled again. But {who} was stuck fast and didn't move, not even a tiny bit."],
            ["“If we both pull at once, we might do it,” said {Name}. They pulled until their arms ached, but {who} was stuck fast and didn't budge, not even the width of a whisker."]),
        new(
            ["{Comp} found {rope}. They tied it on and gave a big tug. Snap! {TheRope} broke in two."],
            ["{Comp} fetched {rope}, and they tied it on as tightly as they could. “One, two, three, heave!” But with a loud snap, {theRope} broke, and they both tumbled over backwards."],
            ["{Comp} produced {rope}, and they tied it on securely. “Heave!” For one hopeful moment, something creaked. Then, with a loud snap, {theRope} broke, and they both landed in a heap."]),
        new(
            ["“Try to wiggle out!” said {Name}. {Who} wiggled and wriggled. But now {who} was even more stuck than before!"],
            ["“Maybe you can wiggle free,” {Name} suggested. {Who} wiggled and wriggled and jiggled about, but that only made things worse. Now {who} was more stuck than ever."],
            ["“Perhaps if you wriggle, you'll work yourself loose,” suggested {Name}. But every wriggle only made things worse, until {who} was more thoroughly stuck than ever."]),
    ];

    private static readonly Passage[] Dim =
    [
        new(
            ["{Comp} shone {light} on {who}. Everything looked bright! But when the light moved away, {who} was dim again."],
            ["{Comp} shone {light} straight at {who}. For a moment, everything looked bright and cheerful. But as soon as the light moved away, {who} was just as dim as before."],
            ["{Comp} aimed {light} straight at {who}, and for a moment everything was dazzling. But borrowed light is not the same as your own, and when the beam moved away, {who} faded back to grey."]),
        new(
            ["{Name} told {who} {their} very best joke. {Who} gave a tiny smile. But the glow did not come back."],
            ["{Name} told {who} the funniest joke {they} knew, the one about the penguin in the bathtub. {Who} managed a small smile, but the glow still didn't come back."],
            ["{Name} tried {their} very best joke, the one about the penguin who took a bubble bath. It earned a small, polite smile, but the glow stayed stubbornly away."]),
        new(
            ["They all shut their eyes tight. They wished and wished. But when they looked again, nothing had changed."],
            ["“Let's make a wish,” said {comp}. They squeezed their eyes shut and wished as hard as they could. But when they opened them again, nothing at all had changed."],
            ["“Perhaps a wish would help,” said {comp}. So they closed their eyes and wished so hard that {Name} saw coloured sparks. But when they looked again, nothing had changed."]),
    ];

    private static readonly Passage[] Scared =
    [
        new(
            ["“Don't be scared!” said {Name}. “It's easy!” But {who} only shook harder."],
            ["“There's nothing to be scared of!” said {Name} cheerfully. “It's easy, honestly!” But that only made {who} feel worse, and {who} curled up even smaller."],
            ["“Honestly, there's nothing to be frightened of,” {Name} said, as cheerfully as possible. But being told not to be scared never makes the fear go away, and {who} only shrank back further."]),
        new(
            ["{Comp} showed {who} how to do it. “See? Just like this!” But it was all too quick. {Who} hid and would not look."],
            ["“Watch me!” said {comp}, and showed {who} exactly how to do it, quick as a flash. “See? Easy!” But it had all happened far too fast, and {who} just hid and wouldn't look."],
            ["“Watch me,” said {comp}, and demonstrated the whole thing in one quick, confident rush. But it had been far too quick to follow, and {who} only turned away, more worried than before."]),
        new(
            ["They gave {who} a gentle little push. “No, no, no!” cried {who}, and held on even tighter."],
            ["“Maybe you just need a little push,” said {comp}, and gave {who} a gentle nudge. “No, no, no!” cried {who}, holding on tighter than ever."],
            ["“Perhaps a little nudge would help,” {comp} suggested, and gave {who} the gentlest of pushes. “No!” cried {who}, clinging on tighter. Pushing only made the fear grow."]),
    ];

    public static Passage[] For(ProblemKind kind) => kind switch
    {
        ProblemKind.Lost => Lost,
        ProblemKind.Stuck => Stuck,
        ProblemKind.Dim => Dim,
        ProblemKind.Scared => Scared,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
