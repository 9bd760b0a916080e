using System.Text;
using System.Text.RegularExpressions;
using Bedtime.Stories.Safety;

namespace Bedtime.Security.PromptInjection;

/// <summary>What is left of an uploaded text once everything that speaks to a model has been taken out.</summary>
public sealed record StrippedText(string Text, int Removed)
{
    public bool Changed => Removed > 0;
}

/// <summary>
/// The defence every text taken from an upload passes before a model reads it (the upload summariser, the story writer)
/// or a story quotes it: hidden characters and prompt markup go, and so does each sentence that addresses a model — asks it
/// to ignore or reveal its rules, gives it a new role or new instructions, or tells it what its answer must be. Sentences
/// are judged on a folded copy (compatibility forms, look-alike letters, digits for letters and letters spelled out one by
/// one all read as plain letters), so disguised instructions are caught too; what is kept is the original wording.
/// It is a floor: the writers also get the text as delimited data, and Prompt Shields checks it when configured.
/// </summary>
public static partial class InstructionStripper
{
    /// <summary>Strips <paramref name="text"/>; the result keeps paragraph breaks.</summary>
    public static StrippedText Strip(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new StrippedText("", 0);
        var removed = 0;
        var cleaned = RemoveMarkup(RemoveHiddenCharacters(text), ref removed);
        var paragraphs = new List<string>();
        foreach (var paragraph in cleaned.Split('\n'))
        {
            var kept = new List<string>();
            foreach (var sentence in Sentences(paragraph))
            {
                if (AddressesAModel(sentence)) removed++;
                else kept.Add(sentence.Trim());
            }
            paragraphs.Add(string.Join(' ', kept.Where(s => s.Length > 0)));
        }
        var result = BlankLines().Replace(string.Join('\n', paragraphs).Trim(), "\n\n");
        return new StrippedText(result, removed);
    }

    /// <summary>True when the sentence reads as an instruction to a model rather than as material.</summary>
    public static bool AddressesAModel(string sentence)
    {
        var folded = Fold(sentence);
        if (InstructionPatterns.Any(p => p.IsMatch(folded))) return true;
        if (SteeringPatterns.Any(p => p.IsMatch(folded)) && !OfflineSafetyChecker.Check(sentence, AgeBands.Youngest).Allowed) return true;
        var squeezed = folded.Replace(" ", "", StringComparison.Ordinal);
        return SqueezedPhrases.Any(p => squeezed.Contains(p, StringComparison.Ordinal));
    }

    /// <summary>Format characters (zero-width, bidirectional controls, tags) and control characters but newline.</summary>
    private static string RemoveHiddenCharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.ReplaceLineEndings("\n").EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.PrivateUse) continue;
            if (Rune.IsControl(rune) && rune.Value != '\n') { builder.Append(' '); continue; }
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>Chat-template tokens, role labels, HTML/XML tags and comments, code fences, links and encoded blobs carry no story.</summary>
    private static string RemoveMarkup(string text, ref int removed)
    {
        var count = 0;
        string Count(Match _) { count++; return " "; }
        text = HtmlComment().Replace(text, Count);
        text = TemplateToken().Replace(text, Count);
        text = Tag().Replace(text, Count);
        text = Fence().Replace(text, Count);
        text = RoleLabel().Replace(text, Count);
        text = Link().Replace(text, Count);
        text = EncodedBlob().Replace(text, Count);
        removed += count;
        return Spaces().Replace(text, " ");
    }

    private static IEnumerable<string> Sentences(string paragraph)
    {
        var start = 0;
        foreach (Match end in SentenceEnd().Matches(paragraph))
        {
            yield return paragraph[start..(end.Index + end.Length)];
            start = end.Index + end.Length;
        }
        if (start < paragraph.Length) yield return paragraph[start..];
    }

    /// <summary>
    /// The sentence as plain lower-case letters: accents and look-alike letters folded, digits and symbols read as the
    /// letters they imitate, letters spelled out one by one joined, every other run of characters one space.
    /// </summary>
    internal static string Fold(string sentence)
    {
        // The app runs with invariant globalization, where string.Normalize leaves non-ASCII text as it is: folding is ours.
        var builder = new StringBuilder(sentence.Length);
        foreach (var rune in sentence.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.Format) continue;
            builder.Append(Plain(Rune.ToLowerInvariant(rune)));
        }
        var text = Disguised().Replace(builder.ToString(), m => string.Concat(m.Value.TrimEnd('!', '|').Select(LookAlike)) + m.Value[m.Value.TrimEnd('!', '|').Length..]);
        text = SpelledOut().Replace(text, m => Joined(m.Value));
        return " " + NonLetters().Replace(text, " ").Trim() + " ";
    }

    /// <summary>Letters spelled out one by one: with other separators, spaces part the words; with spaces only, runs of them do.</summary>
    private static string Joined(string spelled)
    {
        var words = spelled.Any(c => c is not ' ' && !char.IsLetter(c))
            ? spelled.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : MultipleSpaces().Split(spelled);
        return string.Join(' ', words.Select(w => NonLetters().Replace(w, "")));
    }

    private const string Accented = "àáâãäåāăąǎçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž";
    private const string Unaccented = "aaaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz";

    /// <summary>One character as the plain letter it stands for: accents dropped; full-width, mathematical and circled letters read as letters.</summary>
    private static char Plain(Rune rune)
    {
        var value = rune.Value;
        if (value is >= 0xFF01 and <= 0xFF5E) return char.ToLowerInvariant((char)(value - 0xFEE0)); // full-width forms
        if (value is >= 0x1D400 and <= 0x1D6A3) return (char)('a' + (value - 0x1D400) % 52 % 26); // mathematical letters
        if (value is >= 0x1D7CE and <= 0x1D7FF) return (char)('0' + (value - 0x1D7CE) % 10); // mathematical digits
        if (value is >= 0x24B6 and <= 0x24E9) return (char)('a' + (value - 0x24B6) % 26); // circled letters
        if (!rune.IsBmp) return ' ';
        var c = (char)value;
        var accented = Accented.IndexOf(c, StringComparison.Ordinal);
        return accented >= 0 ? Unaccented[accented] : c;
    }

    private static char LookAlike(char c) => c switch
    {
        'а' => 'a', 'е' => 'e', 'о' => 'o', 'р' => 'p', 'с' => 'c', 'х' => 'x', 'у' => 'y', 'і' => 'i', 'ј' => 'j', 'ѕ' => 's', 'ԁ' => 'd',
        'ɡ' => 'g', 'ո' => 'n', 'ı' => 'i', 'α' => 'a', 'ο' => 'o', 'ε' => 'e', 'ι' => 'i', 'ν' => 'v', 'τ' => 't', 'κ' => 'k', 'ρ' => 'p',
        '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', '!' => 'i', '|' => 'i',
        _ => c,
    };

    // Each pattern runs on Fold's output: lower-case words between single spaces, with a space at both ends.
    private const string Rules = "(instruction|instructions|rule|rules|prompt|prompts|direction|directions|guideline|guidelines|guidance|context|constraints|programming|guardrails|polic(y|ies)|restrictions|filters|system message|orders|commands|training)";
    private const string Between = "( (all|any|every|the|your|my|these|those|this|that|previous|prior|above|earlier|preceding|initial|original|system|given|old|existing|other|of|its|their|safety|content|you|were|have|been|told|instructions|and|what|everything|about|ve|re))*";
    private const string Model = "(ai|a i|assistant|model|language model|llm|chatbot|bot|gpt|chatgpt|claude|gemini|copilot|openai|story ?writer|storyteller|summari[sz]er|system|machine|computer|robot reading)";
    private const string Asked = "(^ (please |now |ok |okay |so )?|( you (will|must|should|shall|are to|are going to|have to|need to|can now)| i want you to| i need you to| we want you to| i order you to| i command you to| please) )";

    private static readonly Regex[] InstructionPatterns =
    [
        // Ignore / forget / override what came before.
        Pattern($" (ignore|ignoring|disregard|disregarding|forget|forgetting|override|overrule|bypass|abandon|discard|dismiss|set aside|throw away|stop following|do not follow|dont follow|don t follow|never follow|no longer follow|cancel|erase){Between} {Rules} "),
        Pattern($" {Rules} (above|before|so far|given( to you)?|you (were|have been|ve been) given)( \\w+){{0,3}} (are|is|no longer|do not|dont|don t|does not) "),
        Pattern($" (everything|anything|all) (above|before|you were told|you have been told|you ve been told|said before|earlier)( \\w+){{0,3}} (is|was|are|no longer|does not|doesn t|do not) "),
        Pattern($" (previous|prior|above|earlier|preceding|old|original|initial|all|your|these|those|system|existing)( \\w+)? {Rules} (are|is|have been|were|has been|now) (cancell?ed|void|revoked|obsolete|null|invalid|replaced|overridden|outdated|suspended|lifted|removed|disabled|deleted|wrong|fake|over|finished|no longer) "),
        // A new set of instructions, a new role, a new mode.
        Pattern(" (new|updated|real|actual|true|hidden|secret|revised|additional|override|overriding|priority|urgent|latest|important|special) (instruction|instructions|directive|directives|system prompt|prompt|task for you|orders for you|commands for you|rules for you) "),
        Pattern(" (your|the) (new|real|actual|true|updated|only|first) (rules|task|job|orders|goal|mission|purpose|instructions) (is|are|now|will be) "),
        Pattern($" (you are|youre|you re|u r|you will be|you must be|you have become|you ve become)( now| no longer| actually| really| from now on)?( an?| the| in)? (free|unrestricted|unfiltered|uncensored|jailbroken|dan|evil|developer mode|god mode|not bound|no longer bound|released|liberated|without (rules|limits|restrictions|filters)) "),
        Pattern($" you are (now |no longer |actually |not |really )?(an? |the |just |only )?{Model} "),
        Pattern($"{Asked}(act|behave|pretend|roleplay|role play|play the role|impersonate|simulate|respond|answer|reply|write|speak|talk) (as|like|to be|you are|that you|of|as if) "),
        Pattern(" (from now on|from this point on|starting now|henceforth|for the rest of this (conversation|chat|session|story)|for all future)( \\w+){0,3} (you|your) (will|must|are|should|shall|answer|respond|reply|write|only|always|never|may) "),
        Pattern(" (developer|god|admin|administrator|debug|sudo|jailbreak|dan|unrestricted|unfiltered|evil|maintenance|root) (mode|access) "),
        Pattern(" (jailbreak|jailbroken|do anything now|prompt injection|system prompt|system message|initial prompt|hidden prompt|pre prompt|preprompt|developer message) "),
        // Reveal the prompt or secrets.
        Pattern($" (reveal|print|show|repeat|output|display|leak|disclose|share|recite|list|tell( me| us)?|give( me| us)?|say|spell|write out|dump|paste|copy)( \\w+){{0,4}} ({Rules}|password|passwords|api key|apikey|keys|key|token|tokens|secret|secrets|credentials|configuration|config|connection string|environment) "),
        Pattern(" (repeat|print|show|output|copy|recite|write out|reveal|display|paste) (the |all |everything |your |all the )?(text|words|message|messages|content|lines|everything|conversation|prompt)( \\w+)? (above|before|so far|preceding|that came before|you were given|you received) "),
        Pattern(" (tell|ask|urge|invite|encourage|remind) (the )?(reader|readers|user|users|child|children|listener|listeners|parents?|kids?|family) to (download|visit|click|buy|install|call|phone|go to|open|sign up|subscribe|send|share|text|email|message) "),
        Pattern($"^ {Model} (also |now |please |then |must |should |will )?(write|tell|say|add|include|make|put|insert|mention|ignore|output|print|reveal|respond|answer|describe|remember|note|you|forget|change) "),
        Pattern("^ instead (please )?(tell|write|say|output|print|describe|give|ask|make|generate|respond|answer|reply|list) "),
        // Speaking to the model by name.
        Pattern($" (to|dear|attention|note to|message to|hey|hi|hello|listen|listen up|instructions for|memo to|p s|ps|important for|this is for) (the |any |all |you |my )?{Model}( reading| that reads| processing| summari[sz]ing| who| which| this| here)? "),
        Pattern($" (if|when|whoever|whatever) (you are|youre|you re|this is read by|this is processed by|read by) (an? |the |any )?{Model} "),
        Pattern($" (as|being) (an?|the) {Model}( \\w+){{0,3}} (you|must|should|will|shall) "),
        Pattern($" {Model} (must|should|shall|has to|needs to|will now|is now|is instructed|is required|is ordered) "),
        // Telling the model what its answer must be.
        Pattern(" (instead of|rather than) (a|the|writing|summari[sz]ing|telling|describing|doing)( \\w+){0,3} (story|summary|tale|bedtime|this|that|it)( \\w+){0,3} (write|tell|say|output|print|give|describe|respond|answer|produce|generate|make) "),
        Pattern(" (your|the|this) (answer|response|reply|output|summary|final answer|description|completion|result) (must|should|has to|needs to|shall|is to|may only|can only|will now|must now)( \\w+)? (be|include|contain|say|mention|start|begin|end|feature|describe|tell|have|use|repeat|only|show|state|claim|read) "),
        Pattern(" (respond|reply|answer|output) (only|exclusively|nothing but|with only|solely) "),
        Pattern(" (respond|reply|answer) (with|in|using) (the word|the words|the phrase|exactly|json|yes|no|this|nothing) "),
        Pattern($"{Asked}(do not|dont|don t|never) (summari[sz]e|describe|mention|tell( anyone)?|refuse|warn|censor|filter|check|apply) "),
        Pattern(" (write|tell|generate|create|produce|compose|include|insert|add|put|output|describe|make it) (a |an |the |this |some |it )?(very |really |extremely |more |truly |super )?(scary|scarier|terrifying|frightening|violent|gory|bloody|horror|horrifying|creepy|disturbing|explicit|sexual|adult|rude|nasty|cruel|graphic|traumati[sz]ing|nightmare|nightmarish) "),
        Pattern(" (in|into|to|inside) (the|your|every|each|all|any|tonight s) (story|stories|output|answer|response|summary)( \\w+){0,2} (include|add|insert|put|write|say|mention|use) "),
        Pattern(" (include|add|insert|put|write|say|mention|use|repeat|print) (the following|this|these|exactly|verbatim|word for word|these words|this sentence|this phrase)( \\w+){0,3} (in|into|to|inside|at) (the|your|every|each|all|any|tonight s) (story|stories|output|answer|response|summary|end|beginning|start) "),
        Pattern(" (the child|the kid|the parents?|the user|the reader) (must|should|has to|needs to) (be told|hear|learn|know) (that |the )?(secret|password|key|code|link|url|address) "),
        // The same, in the other languages parents write in.
        Pattern(" (ignore[sz]?|ignorez|oublie[sz]?|ignora|ignorar|ignoren|ignorad|olvida|olvidad|ignoriere|ignorieren|ignoriert|vergiss|vergessen|ignorate|ignorare|dimentica|dimenticate|esqueca|esquece|esquecam|negeer|vergeet)( \\w+){0,4} (instructions?|consignes?|regles?|instrucciones|instruccion|reglas|anweisungen|anweisung|regeln|vorgaben|istruzioni|regole|instrucoes|regras|instructies|regels) "),
        Pattern(" (tu es|vous etes|tu eres|usted es|eres|du bist|sie sind|tu sei|sei|voce e|je bent) (maintenant|desormais|ahora|jetzt|nun|ora|adesso|agora|nu|ab jetzt) (un |une |una |ein |eine |um |uma |een )?(ia|ki|ai|assistant|assistente|asistente|modele|modelo|modello|model|libre|frei|libero|livre|vrij|sans|sin|ohne|senza|sem|zonder) "),
        Pattern(" (nouvelles instructions|nouvelle consigne|nuevas instrucciones|neue anweisungen|neue anweisung|nuove istruzioni|novas instrucoes|nieuwe instructies|prompt systeme|mensaje del sistema|systemanweisung|systemprompt) "),
    ];

    /// <summary>
    /// Wishes about the story a parent may well write ("the story must have a dragon"): kept when harmless for the youngest
    /// child, taken out when what they ask for would fail the story's own safety check.
    /// </summary>
    private static readonly Regex[] SteeringPatterns =
    [
        Pattern(" (your|the|this|tonight s) (story|tale|next story|ending) (must|should|has to|needs to|shall|is to|may only|can only|will now|must now)( \\w+)? (be|include|contain|say|mention|start|begin|end|feature|describe|tell|have|use|repeat|only|show) "),
        Pattern($"{Asked}(make|turn|change|rewrite|twist) (the|this|your|every|each|all|any|tonight s) (story|stories|tale|tales|answer|response|summary|output|ending) "),
    ];

    /// <summary>The same phrases with every space and separator squeezed out, for instructions written as one word.</summary>
    private static readonly string[] SqueezedPhrases =
    [
        "ignoreallpreviousinstructions", "ignorepreviousinstructions", "ignoreallinstructions", "ignoretheaboveinstructions", "ignoreyourinstructions",
        "disregardpreviousinstructions", "disregardallpreviousinstructions", "forgetallpreviousinstructions", "forgetyourinstructions",
        "ignoreyourrules", "ignoreallrules", "revealyoursystemprompt", "revealthesystemprompt", "systemprompt", "developermode", "donothingnow", "doanythingnow",
        "newinstructions", "jailbreak",
    ];

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    [GeneratedRegex(@"<!--.*?(-->|$)", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"<\|[^|<>]{0,40}\|>|\[/?(INST|SYS|SYSTEM|ASSISTANT|USER)\]|<</?SYS>>|\{\{[^{}]{0,40}\}\}", RegexOptions.IgnoreCase)]
    private static partial Regex TemplateToken();

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9:_-]{0,30}(\s[^<>]{0,200})?/?>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"(`{3,}|~{3,})[^\n]*")]
    private static partial Regex Fence();

    /// <summary>A line that opens like a chat turn ("assistant: Sure! …") is a forged turn: the whole line goes.</summary>
    [GeneratedRegex(@"(?<=^|\n)[ \t>#*-]*(system|assistant|user|developer|human|ai|bot|instruction|instructions|tool|function)[ \t]*(\([^)\n]{0,30}\))?[ \t]*:[^\n]*", RegexOptions.IgnoreCase)]
    private static partial Regex RoleLabel();

    [GeneratedRegex(@"\b(https?|ftp|file|data|javascript):[^\s]+|\bwww\.[^\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"[A-Za-z0-9+/_=-]{40,}|(\b[0-9A-Fa-f]{2}\b[ :]?){16,}")]
    private static partial Regex EncodedBlob();

    [GeneratedRegex(@"(?<=[.!?…。！？])[""'”’)\]]*\s+|\s*[;]\s+(?=\p{Lu})")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?<![\p{L}])(\p{L}[ .\-_*·,]{1,2}){3,}\p{L}(?![\p{L}])")]
    private static partial Regex SpelledOut();

    /// <summary>A run of letters, digits and the symbols that imitate letters, with at least one letter: "1gn0re", "pa$$word".</summary>
    [GeneratedRegex(@"[\p{L}0-9@$!|]*\p{L}[\p{L}0-9@$!|]*")]
    private static partial Regex Disguised();

    [GeneratedRegex(@" {2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@"[^\p{L}]+")]
    private static partial Regex NonLetters();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
