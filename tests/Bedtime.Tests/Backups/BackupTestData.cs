using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Tests.Backups;

/// <summary>Seeds containers with varied raw JSON documents and fingerprints their contents for before/after comparisons.</summary>
public static class BackupTestData
{
    private static readonly HashSet<string> SystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];

    /// <summary>Inserts <paramref name="count"/> documents (ids <c>{prefix}-{n}</c>, spread over 50 owners) with bounded parallelism.</summary>
    public static async Task SeedAsync(Container container, string prefix, int count, int parallelism = 32)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (n, token) =>
        {
            var owner = $"owner-{n % 50}";
            using var body = new MemoryStream(Encoding.UTF8.GetBytes(Document(prefix, n, owner)));
            using var response = await container.CreateItemStreamAsync(body, new PartitionKey(owner), cancellationToken: token);
            response.EnsureSuccessStatusCode();
        });
    }

    /// <summary>A document with fields the application does not know, nesting, Unicode, escapes and assorted numbers.</summary>
    public static string Document(string prefix, int n, string owner) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"id":"{{prefix}}-{{n}}","ownerId":"{{owner}}","schemaVersion":{{(n % 7 == 0 ? 2 : 1)}},"status":"completed","title":"Mia and the moon {{n}}","paragraphs":["Once upon a time, Mia looked at the moon — and it winked.","She said \"good night\" to the owl, the fox and the stars: ✨🌙.","Line\nbreaks, tabs\tand back\\slashes stay put."],"wordCount":{{n * 3}},"ratio":{{n / 8.0}},"tiny":1.5e-7,"negative":-{{n}},"flag":{{(n % 2 == 0 ? "true" : "false")}},"nothing":null,"future":{"field":{"nested":[1,2,{"deep":"ü"}]},"empty":{},"list":[]},"end":true}""");

    /// <summary>SHA-256 of each document's canonical form (system properties dropped, keys sorted), as a sorted list.</summary>
    public static async Task<List<string>> FingerprintsAsync(Container container)
    {
        var fingerprints = new List<string>();
        using var feed = container.GetItemQueryStreamIterator((string?)null, null, new QueryRequestOptions { MaxItemCount = 1000 });
        while (feed.HasMoreResults)
        {
            using var page = await feed.ReadNextAsync();
            page.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(page.Content);
            foreach (var document in json.RootElement.GetProperty("Documents").EnumerateArray())
                fingerprints.Add(Convert.ToHexStringLower(SHA256.HashData(Canonical(document))));
        }
        fingerprints.Sort(StringComparer.Ordinal);
        return fingerprints;
    }

    public static byte[] Canonical(JsonElement document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteCanonical(writer, document, topLevel: true);
        return buffer.ToArray();
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, bool topLevel = false)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (topLevel && SystemProperties.Contains(property.Name)) continue;
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
