using System.Text;
using System.Text.Json;

namespace Bedtime.Stories.Writing.AzureOpenAI;

/// <summary>
/// Reads the model's answer while it streams in: the JSON object <c>{"title": …, "paragraphs": [ … ]}</c> is scanned
/// again whenever a string may have ended, and each string value that is complete — the title, then each
/// paragraph — comes out once. What comes out is a draft: <see cref="StoryOutputParser"/> judges the whole answer.
/// </summary>
internal sealed class StreamingStoryReader
{
    private readonly StringBuilder _text = new();
    private bool _titleSeen;
    private int _paragraphsSeen;

    public string Text => _text.ToString();

    /// <summary>Adds a streamed piece; returns the passages it completed.</summary>
    public IReadOnlyList<WrittenPassage> Append(string piece)
    {
        _text.Append(piece);
        return piece.Contains('"', StringComparison.Ordinal) ? Scan() : [];
    }

    private List<WrittenPassage> Scan()
    {
        var found = new List<WrittenPassage>();
        var text = _text.ToString();
        var start = text.IndexOf('{', StringComparison.Ordinal);
        if (start < 0) return found;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text[start..]), isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = 4 }));
        string? property = null;
        var paragraph = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.String when reader.CurrentDepth == 1 && property == "title" && !_titleSeen:
                        if (reader.GetString()!.Trim() is { Length: > 0 and <= StoryOutputParser.MaxTitleLength } title)
                        {
                            found.Add(new WrittenPassage(null, title));
                            _titleSeen = true;
                        }
                        break;
                    case JsonTokenType.String when reader.CurrentDepth == 2 && property == "paragraphs":
                        var value = reader.GetString()!.Trim();
                        if (value.Length == 0) return found; // the whole answer will be refused: nothing after it is a draft of it
                        if (paragraph == _paragraphsSeen && _paragraphsSeen < StoryOutputParser.MaxParagraphs)
                        {
                            found.Add(new WrittenPassage(_paragraphsSeen, value));
                            _paragraphsSeen++;
                        }
                        paragraph++;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not the shape we asked for: nothing more comes out early; the whole answer is judged at the end.
        }
        return found;
    }
}
