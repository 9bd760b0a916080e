using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Bedtime.Backups;

/// <summary>
/// Turns one Cosmos DB feed page (<c>{"_rid":…,"Documents":[…],"_count":n}</c>, as the stream APIs return it) into
/// NDJSON: each document's bytes exactly as the server sent them, one per line. Nothing is deserialised, so fields
/// the application does not know survive.
/// </summary>
internal static class FeedPage
{
    private static ReadOnlySpan<byte> DocumentsProperty => "Documents"u8;

    /// <returns>The number of documents copied.</returns>
    public static int CopyDocumentsAsLines(ReadOnlySpan<byte> page, IBufferWriter<byte> lines, SchemaVersionTally schemaVersions)
    {
        var reader = new Utf8JsonReader(page);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new InvalidDataException("A feed page is not a JSON object.");
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDocuments = reader.ValueTextEquals(DocumentsProperty);
            reader.Read();
            if (!isDocuments)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new InvalidDataException("A feed page's 'Documents' is not an array.");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var document = page[start..(int)reader.BytesConsumed];
                WriteLine(document, lines);
                schemaVersions.Count(document);
                count++;
            }
        }
        return count;
    }

    private static void WriteLine(ReadOnlySpan<byte> document, IBufferWriter<byte> lines)
    {
        var line = lines.GetSpan(document.Length + 1);
        document.CopyTo(line);
        // A line break can only be whitespace between tokens (JSON strings cannot hold a raw one): a space means the same.
        line[..document.Length].Replace((byte)'\n', (byte)' ');
        line[..document.Length].Replace((byte)'\r', (byte)' ');
        line[document.Length] = (byte)'\n';
        lines.Advance(document.Length + 1);
    }
}

/// <summary>Counts the documents of each top-level <c>schemaVersion</c> value; "none" for documents without one.</summary>
internal sealed class SchemaVersionTally
{
    public const string None = "none";
    private const int MaxVersionBytes = 32;
    private static ReadOnlySpan<byte> SchemaVersionProperty => "schemaVersion"u8;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public void Count(ReadOnlySpan<byte> document)
    {
        var version = Find(document);
        Span<char> buffer = stackalloc char[MaxVersionBytes];
        ReadOnlySpan<char> key = version.IsEmpty ? None : buffer[..Encoding.UTF8.GetChars(version, buffer)];
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        lookup[key] = lookup.TryGetValue(key, out var count) ? count + 1 : 1;
    }

    /// <summary>The raw text of the top-level <c>schemaVersion</c> value (quotes excluded for strings), or empty.</summary>
    private static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(SchemaVersionProperty);
            reader.Read();
            if (found)
                return reader.TokenType is JsonTokenType.Number or JsonTokenType.String && reader.ValueSpan.Length <= MaxVersionBytes ? reader.ValueSpan : default;
            reader.Skip();
        }
        return default;
    }
}
