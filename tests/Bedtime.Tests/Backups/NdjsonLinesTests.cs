using System.Text;
using Bedtime.Backups;

namespace Bedtime.Tests.Backups;

public sealed class NdjsonLinesTests
{
    [Fact]
    public async Task Lines_are_read_one_by_one_across_reads_and_a_last_line_without_a_break_counts()
    {
        var long1 = new string('a', 200_000);
        var text = $"{{\"a\":1}}\n{{\"b\":\"{long1}\"}}\n\n{{\"c\":3}}";

        var lines = new List<string>();
        await foreach (var line in NdjsonLines.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None))
            lines.Add(Encoding.UTF8.GetString(line));

        Assert.Equal(["{\"a\":1}", $"{{\"b\":\"{long1}\"}}", "{\"c\":3}"], lines);
    }
}
