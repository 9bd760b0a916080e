using System.Text;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// Turns the parent's words (name, theme, setting, moral, upload summaries) into plain, tidy text that is safe to
/// place inside a sentence: letters, digits and basic punctuation only, whitespace collapsed, cut at a word boundary.
/// </summary>
internal static class StoryText
{
    private const string Punctuation = ".,!?'-:;";
    private static readonly char[] TrailingPunctuation = [' ', '.', ',', '!', '?', '-', ':', ';', '\''];

    /// <summary>Words a cut text should not end on ("… above the sea where the gulls cry and").</summary>
    private static readonly HashSet<string> Dangling = new(
        ["and", "or", "but", "the", "a", "an", "of", "with", "to", "in", "on", "at", "for", "from", "by", "where", "that",
            "which", "who", "when", "as", "than", "so", "because", "while", "into", "onto", "my", "your", "our", "their",
            "his", "her", "its", "is", "are", "was", "were", "very"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> LeadingArticles =
        new(["a", "an", "the", "some", "this", "that", "two", "three", "lots", "many", "my", "our"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> PictureWords = new(
        ["drawing", "picture", "photo", "photograph", "image", "painting", "sketch", "doodle", "illustration", "scribble"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> ImageHeaderWords =
        new(["png", "jpeg", "jpg", "gif", "webp", "bmp", "heic", "tiff", "image", "picture", "photo", "file", "format",
            "pixels", "px", "by", "x", "wide", "high", "tall", "and", "a", "an", "the", "in", "of", "size", "dimensions"],
            StringComparer.OrdinalIgnoreCase);

    /// <summary>Plain text of at most <paramref name="maxLength"/> characters, without trailing punctuation.</summary>
    public static string Clean(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";

        var clean = new StringBuilder(Math.Min(text.Length, maxLength * 2));
        var pendingSpace = false;
        foreach (var raw in text)
        {
            var c = raw switch
            {
                '\u2018' or '\u2019' or '`' => '\'',
                '\u2013' or '\u2014' => '-',
                _ => raw,
            };
            if (char.IsLetterOrDigit(c) || Punctuation.Contains(c))
            {
                if (pendingSpace && clean.Length > 0)
                    clean.Append(' ');
                pendingSpace = false;
                clean.Append(c);
            }
            else
            {
                // Whitespace and anything else (markup, quotes, symbols, control characters) separates words.
                pendingSpace = true;
            }
            if (clean.Length > maxLength + 1)
                break;
        }

        var result = clean.ToString();
        if (result.Length > maxLength)
        {
            var cut = result.LastIndexOf(' ', maxLength);
            result = cut > 0 ? result[..cut] : result[..maxLength];
            result = WithoutDanglingEnd(result.TrimEnd(TrailingPunctuation));
        }
        return result.Trim(TrailingPunctuation);
    }

    private static string WithoutDanglingEnd(string text)
    {
        while (true)
        {
            var space = text.LastIndexOf(' ');
            if (space <= 0 || !Dangling.Contains(text[(space + 1)..]))
                return text;
            text = text[..space].TrimEnd(TrailingPunctuation);
        }
    }

    private static readonly HashSet<string> PlaceLeads = new(
        ["in", "on", "at", "under", "inside", "near", "by", "beside", "above", "beyond", "among", "across", "behind",
            "below", "beneath", "over", "upon", "within", "between", "along", "around", "underneath", "outside", "atop",
            "up", "down", "high", "deep", "far", "somewhere", "way"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> Determiners = new(
        ["a", "an", "the", "my", "our", "your", "his", "her", "their", "this", "that", "some", "every"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> OnPlaces = new(
        ["beach", "moon", "island", "farm", "ship", "boat", "hill", "hilltop", "planet", "train", "cloud", "clouds", "raft",
            "shore", "coast", "sea", "ocean", "lake", "river", "star", "comet", "asteroid", "roof", "rooftop", "street",
            "road", "mountaintop", "iceberg", "glacier", "mars"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> AtPlaces = new(
        ["zoo", "seaside", "circus", "fair", "funfair", "school", "station", "airport", "party", "museum"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> HeadEnds = new(
        ["of", "in", "on", "with", "by", "near", "at", "under", "where", "that", "beside", "behind", "across", "full", "for",
            "from", "above", "below", "beyond", "inside", "outside", "who", "which", "and"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A setting as a place phrase that fits "Once upon a time, {phrase}, …": "a lighthouse" becomes
    /// "in a lighthouse", "grandma's farm" becomes "on grandma's farm", "under the sea" stays as it is.
    /// </summary>
    public static string PlacePhrase(string setting)
    {
        var words = setting.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || PlaceLeads.Contains(words[0]))
            return setting;

        var head = words[0];
        for (var i = 1; i < words.Length && !HeadEnds.Contains(words[i]); i++)
            head = words[i];
        head = head.Trim(',', '.', ';', ':');

        var preposition = OnPlaces.Contains(head) ? "on"
            : AtPlaces.Contains(head) || head.EndsWith("'s", StringComparison.Ordinal) ? "at"
            : "in";
        var first = words[0];
        var needsArticle = !Determiners.Contains(first) && !char.IsUpper(first[0]) && !char.IsDigit(first[0])
            && !first.EndsWith("'s", StringComparison.Ordinal);
        return needsArticle ? $"{preposition} the {setting}" : $"{preposition} {setting}";
    }

    /// <summary>
    /// The same count as <see cref="WrittenStory.CountWords"/> (runs of non-whitespace) without allocating a string
    /// per word; the length fitter counts every sentence it considers.
    /// </summary>
    public static int CountWords(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
                words++;
            inWord = !space;
        }
        return words;
    }

    /// <summary>A child's name: letters, spaces, hyphens and apostrophes, starting with a capital.</summary>
    public static string Name(string? name)
    {
        var clean = Clean(name, 40);
        var letters = new StringBuilder(clean.Length);
        foreach (var c in clean)
            if (char.IsLetter(c) || c is ' ' or '-' or '\'')
                letters.Append(c);
        var result = letters.ToString().Trim(' ', '-', '\'');
        return result.Length == 0 ? "Little One" : Capitalise(result);
    }

    public static string Capitalise(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"Rockets and planets" becomes "rockets and planets"; "Paw Patrol" keeps its capitals.</summary>
    public static string LowerFirstIfPlain(string text)
    {
        if (text.Length < 2 || !char.IsUpper(text[0]) || text.StartsWith("I ", StringComparison.Ordinal))
            return text;
        for (var i = 1; i < text.Length; i++)
            if (char.IsUpper(text[i]))
                return text;
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    /// <summary>"Space pirates" becomes "Space Pirates", for titles.</summary>
    public static string TitleCase(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var small = i > 0 && words[i] is "and" or "of" or "the" or "a" or "an" or "in" or "on" or "to" or "with";
            if (!small)
                words[i] = Capitalise(words[i]);
        }
        return string.Join(' ', words);
    }

    /// <summary>
    /// What an image shows, ready for "a picture of …": drops a lead such as "A child's crayon drawing of" and lowers
    /// a leading article. Empty when the summary only describes the file (format and size), which makes no sense
    /// in a story.
    /// </summary>
    public static string PictureSubject(string summary)
    {
        var words = summary.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 1 && words[0].Equals("it's", StringComparison.OrdinalIgnoreCase))
            words = words[1..];
        else if (words.Length > 2 && words[0] is "This" or "this" or "It" or "it" && words[1] is "is" or "shows")
            words = words[2..];
        for (var i = 0; i < Math.Min(5, words.Length - 2); i++)
        {
            if (PictureWords.Contains(words[i].TrimEnd(',')) && words[i + 1] == "of")
            {
                words = words[(i + 2)..];
                break;
            }
        }
        var subject = string.Join(' ', words);
        if (words.Length == 0 || words.All(IsImageHeaderWord))
            return "";
        if (LeadingArticles.Contains(words[0]))
            subject = char.ToLowerInvariant(subject[0]) + subject[1..];
        return subject;
    }

    private static bool IsImageHeaderWord(string word)
    {
        var bare = word.Trim(',', '.', ':', ';');
        return bare.Length == 0 || ImageHeaderWords.Contains(bare) || bare.All(c => char.IsDigit(c) || c is 'x' or 'X');
    }
}
