using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Backups;

/// <summary>
/// Turns one backed-up document into the body to upsert: the same bytes, less the system properties Cosmos DB assigns
/// itself (the server sets fresh ones), plus the document's partition key value.
/// </summary>
internal static class RestoreDocument
{
    private static readonly byte[][] SystemProperties =
        [.. new[] { "_rid", "_self", "_etag", "_attachments", "_ts", "_lsn" }.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The top-level property a partition key path names (<c>/ownerId</c> → <c>ownerId</c>); null for nested paths.</summary>
    public static string? PartitionKeyProperty(string path) =>
        path.Length > 1 && path[0] == '/' && path.IndexOf('/', 1) < 0 ? path[1..] : null;

    /// <returns>The body, its partition key, and the key's value when it is a string (an owner id), else null.</returns>
    public static (MemoryStream Body, PartitionKey PartitionKey, string? Owner) Prepare(ReadOnlySpan<byte> line, string partitionKeyProperty)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new InvalidDataException("A backed-up document is not a JSON object.");
        var body = new byte[line.Length];
        var length = 0;
        body[length++] = (byte)'{';
        var partitionKey = PartitionKey.None;
        string? owner = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var isSystem = IsSystemProperty(ref reader);
            var isKey = reader.ValueTextEquals(partitionKeyProperty);
            reader.Read();
            if (isKey)
            {
                partitionKey = ValueOf(ref reader);
                owner = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            reader.Skip();
            if (isSystem) continue;
            if (length > 1) body[length++] = (byte)',';
            var property = line[start..(int)reader.BytesConsumed];
            property.CopyTo(body.AsSpan(length));
            length += property.Length;
        }
        body[length++] = (byte)'}';
        return (new MemoryStream(body, 0, length, writable: false), partitionKey, owner);
    }

    private static bool IsSystemProperty(ref Utf8JsonReader reader)
    {
        foreach (var name in SystemProperties)
            if (reader.ValueTextEquals(name)) return true;
        return false;
    }

    private static PartitionKey ValueOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => new PartitionKey(reader.GetString()),
        JsonTokenType.Number => new PartitionKey(reader.GetDouble()),
        JsonTokenType.True => new PartitionKey(true),
        JsonTokenType.False => new PartitionKey(false),
        JsonTokenType.Null => PartitionKey.Null,
        _ => throw new InvalidDataException("A partition key value must be a string, number, boolean or null."),
    };
}
