using System.Buffers;
using System.Text;
using Bedtime.Backups;

namespace Bedtime.Tests.Backups;

public sealed class FeedPageTests
{
    [Fact]
    public void Each_document_of_a_page_becomes_one_line_with_its_bytes_unchanged()
    {
        const string first = """{"id":"a","ownerId":"o","schemaVersion":1,"n":1.50,"big":12345678901234567890,"s":"\u00e9\"\n","x":{"unknown":[true,null]}}""";
        const string second = """{"id":"b","ownerId":"o","schemaVersion":"2"}""";
        var page = $$"""{"_rid":"r","Documents":[{{first}},{{second}}],"_count":2}""";
        var lines = new ArrayBufferWriter<byte>();
        var versions = new SchemaVersionTally();

        var count = FeedPage.CopyDocumentsAsLines(Encoding.UTF8.GetBytes(page), lines, versions);

        Assert.Equal(2, count);
        Assert.Equal(first + "\n" + second + "\n", Encoding.UTF8.GetString(lines.WrittenSpan));
        Assert.Equal(new Dictionary<string, long> { ["1"] = 1, ["2"] = 1 }, versions.Counts);
    }

    [Fact]
    public void Line_breaks_between_tokens_become_spaces_so_a_document_stays_on_one_line()
    {
        var page = "{\"Documents\":[{\r\n  \"id\": \"a\",\n  \"text\": \"x\\ny\"\n}],\"_count\":1}";
        var lines = new ArrayBufferWriter<byte>();

        FeedPage.CopyDocumentsAsLines(Encoding.UTF8.GetBytes(page), lines, new SchemaVersionTally());

        Assert.Equal("{    \"id\": \"a\",   \"text\": \"x\\ny\" }\n", Encoding.UTF8.GetString(lines.WrittenSpan));
    }

    [Fact]
    public void Documents_without_a_top_level_schema_version_are_counted_as_none()
    {
        var page = """{"Documents":[{"id":"a","nested":{"schemaVersion":3}},{"id":"b","schemaVersion":1},{"id":"c","schemaVersion":{"odd":1}}]}""";
        var versions = new SchemaVersionTally();

        FeedPage.CopyDocumentsAsLines(Encoding.UTF8.GetBytes(page), new ArrayBufferWriter<byte>(), versions);

        Assert.Equal(new Dictionary<string, long> { ["none"] = 2, ["1"] = 1 }, versions.Counts);
    }

    [Fact]
    public void An_empty_page_writes_nothing()
    {
        var lines = new ArrayBufferWriter<byte>();

        Assert.Equal(0, FeedPage.CopyDocumentsAsLines("""{"_rid":"r","Documents":[],"_count":0}"""u8, lines, new SchemaVersionTally()));
        Assert.Equal(0, lines.WrittenCount);
    }
}
