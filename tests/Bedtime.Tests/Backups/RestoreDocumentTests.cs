using System.Text;
using Bedtime.Backups;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Tests.Backups;

public sealed class RestoreDocumentTests
{
    [Fact]
    public void System_properties_are_left_out_and_everything_else_is_kept_byte_for_byte()
    {
        const string line = """{"id":"a","_rid":"x==","ownerId":"o-1","n":1.50,"s":"\u00e9","_self":"dbs/x","nested":{"_ts":1,"_etag":"keep"},"_etag":"\"0\"","_attachments":"attachments/","_ts":1700000000,"_lsn":4}""";

        var (body, partitionKey, owner) = RestoreDocument.Prepare(Encoding.UTF8.GetBytes(line), "ownerId");

        Assert.Equal("o-1", owner);
        Assert.Equal("""{"id":"a","ownerId":"o-1","n":1.50,"s":"\u00e9","nested":{"_ts":1,"_etag":"keep"}}""", Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(new PartitionKey("o-1"), partitionKey);
    }

    [Fact]
    public void Whitespace_inside_the_document_is_kept()
    {
        var (body, _, _) = RestoreDocument.Prepare(Encoding.UTF8.GetBytes("""{ "_rid" : "x", "id" : "a" , "ownerId": "o" }"""), "ownerId");

        Assert.Equal("""{"id" : "a","ownerId": "o"}""", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Theory]
    [InlineData("""{"id":"a","ownerId":"o"}""", "o")]
    [InlineData("""{"id":"a","owner\u0049d":"escaped"}""", "escaped")]
    [InlineData("""{"id":"a","ownerId":7}""", 7.0)]
    [InlineData("""{"id":"a","ownerId":true}""", true)]
    public void The_partition_key_value_is_read_from_the_document(string line, object expected)
    {
        var (_, partitionKey, owner) = RestoreDocument.Prepare(Encoding.UTF8.GetBytes(line), "ownerId");

        var key = expected switch
        {
            string s => new PartitionKey(s),
            double d => new PartitionKey(d),
            bool b => new PartitionKey(b),
            _ => throw new ArgumentException("unexpected", nameof(expected)),
        };
        Assert.Equal(key, partitionKey);
        Assert.Equal(expected as string, owner); // only a string key names an owner
    }

    [Fact]
    public void A_document_without_the_partition_key_property_restores_with_no_partition_key()
    {
        Assert.Equal(PartitionKey.None, RestoreDocument.Prepare("""{"id":"a"}"""u8, "ownerId").PartitionKey);
        Assert.Equal(PartitionKey.Null, RestoreDocument.Prepare("""{"id":"a","ownerId":null}"""u8, "ownerId").PartitionKey);
    }

    [Theory]
    [InlineData("/ownerId", "ownerId")]
    [InlineData("/owner/id", null)]
    [InlineData("ownerId", null)]
    [InlineData("/", null)]
    public void Only_top_level_partition_key_paths_are_supported(string path, string? property) =>
        Assert.Equal(property, RestoreDocument.PartitionKeyProperty(path));

    [Fact]
    public void A_line_that_is_not_an_object_is_refused() =>
        Assert.Throws<InvalidDataException>(() => RestoreDocument.Prepare("[1,2]"u8, "ownerId"));
}
