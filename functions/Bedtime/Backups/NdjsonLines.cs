using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Bedtime.Backups;

/// <summary>Reads NDJSON one line at a time from a stream, holding only a small window of it in memory.</summary>
internal static class NdjsonLines
{
    /// <returns>Each non-empty line (without its line break) as its own array, so lines can be processed concurrently.</returns>
    public static async IAsyncEnumerable<byte[]> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryTakeLine(ref buffer, out var line))
                    if (!line.IsEmpty) yield return line.ToArray();
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty) yield return buffer.ToArray(); // a last line without a line break
                    yield break;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }
}
