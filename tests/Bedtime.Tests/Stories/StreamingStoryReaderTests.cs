using Bedtime.Stories.Writing;
using Bedtime.Stories.Writing.AzureOpenAI;

namespace Bedtime.Tests.Stories;

public sealed class StreamingStoryReaderTests
{
    private const string Answer = """{"title": "Mia and the \"Moon\"", "paragraphs": ["Once upon a time.", "  The moon smiled.  ", "Good night, Mia."]}""";

    [Fact]
    public void Gives_the_title_and_each_paragraph_once_as_soon_as_its_string_is_complete()
    {
        var reader = new StreamingStoryReader();
        var seen = new List<(int At, WrittenPassage Passage)>();

        for (var i = 0; i < Answer.Length; i += 3)
            foreach (var passage in reader.Append(Answer.Substring(i, Math.Min(3, Answer.Length - i))))
                seen.Add((Math.Min(i + 3, Answer.Length), passage));

        Assert.Equal([new WrittenPassage(null, "Mia and the \"Moon\""), new WrittenPassage(0, "Once upon a time."), new WrittenPassage(1, "The moon smiled."), new WrittenPassage(2, "Good night, Mia.")],
            seen.Select(s => s.Passage));
        // Each came out within a piece of its closing quote, long before the answer ended.
        Assert.All(seen, s => Assert.InRange(s.At - (ClosingQuote(s.Passage.Text) + 1), 0, 2));
        Assert.Equal(Answer, reader.Text);
    }

    [Fact]
    public void Gives_nothing_for_an_answer_not_in_the_asked_shape()
    {
        var reader = new StreamingStoryReader();

        Assert.Empty(reader.Append("""Sure! Here is "a story": once upon a time..."""));
        Assert.Empty(reader.Append("""{"story": ["a", "b"], "title": 42}"""));
    }

    [Fact]
    public void Stops_at_an_empty_paragraph_because_the_answer_will_be_refused()
    {
        var reader = new StreamingStoryReader();

        var passages = reader.Append("""{"title":"T","paragraphs":["One.","   ","Two."]}""");

        Assert.Equal([new WrittenPassage(null, "T"), new WrittenPassage(0, "One.")], passages);
    }

    private static int ClosingQuote(string text)
    {
        var escaped = text.Replace("\"", "\\\"", StringComparison.Ordinal);
        return Answer.IndexOf('"', Answer.IndexOf(escaped, StringComparison.Ordinal) + escaped.Length);
    }
}
