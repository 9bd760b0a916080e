using Bedtime.Backups;

namespace Bedtime.Tests.Backups;

public sealed class BackupIdTests
{
    [Fact]
    public void An_id_is_the_utc_second_a_backup_started_and_names_its_folder()
    {
        var id = BackupId.At(new DateTimeOffset(2026, 11, 24, 13, 5, 9, 987, TimeSpan.FromHours(1)));

        Assert.Equal("20261124-120509", id.Value);
        Assert.Equal("2026/11/24/120509", id.Path);
        Assert.Equal("2026/11/24/120509/stories.ndjson.gz", id.BlobName("stories.ndjson.gz"));
        Assert.Equal("20261124-120510", id.Next().Value);
    }

    [Fact]
    public void A_server_made_id_parses_back_to_the_same_backup()
    {
        var id = BackupId.At(new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.Zero));

        Assert.True(BackupId.TryParse(id.Value, out var parsed));
        Assert.Equal(id, parsed);
        Assert.True(BackupId.TryParseBlobName(id.BlobName("manifest.json"), out var fromBlob, out var file));
        Assert.Equal(id, fromBlob);
        Assert.Equal("manifest.json", file);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("20261124-12050")]
    [InlineData("20261124-1205090")]
    [InlineData("20261124_120509")]
    [InlineData("2026/11/24/120509")]
    [InlineData("20260230-120509")]
    [InlineData("20261124-246000")]
    [InlineData("20261124-120509\n")]
    [InlineData(" 20261124-120509")]
    [InlineData("２0261124-120509")]
    [InlineData("٢0261124-120509")]
    public void Anything_else_is_not_a_backup_id(string? value) => Assert.False(BackupId.TryParse(value, out _));

    [Theory]
    [InlineData(".lock")]
    [InlineData("2026/11/24/120509")]
    [InlineData("2026/11/24/120509/")]
    [InlineData("2026/11/24/120509/sub/stories.ndjson.gz")]
    [InlineData("2026/13/24/120509/stories.ndjson.gz")]
    [InlineData("x/2026/11/24/120509/stories.ndjson.gz")]
    public void Blobs_outside_the_layout_belong_to_no_backup(string name) => Assert.False(BackupId.TryParseBlobName(name, out _, out _));
}
