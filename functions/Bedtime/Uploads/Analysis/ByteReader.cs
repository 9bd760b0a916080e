using System.Buffers;

namespace Bedtime.Uploads.Analysis;

/// <summary>
/// Reads a forward-only stream through a pooled 64 KiB buffer: headers are peeked in place and bodies skipped by
/// reading past them, so nothing is ever held whole and the stream never needs to seek.
/// </summary>
internal sealed class ByteReader(Stream stream) : IDisposable
{
    public const int Capacity = 64 * 1024;

    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <summary>Bytes consumed from the stream's start.</summary>
    public long Position { get; private set; }

    public int Buffered => _end - _start;

    /// <summary>The buffered bytes from the current position; valid until the next fill.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, Buffered);

    /// <summary>Buffers at least <paramref name="count"/> bytes unless the stream ends first; returns whether it could.</summary>
    public async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        while (Buffered < count && !_endOfStream)
        {
            if (Capacity - _end < count - Buffered)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, Buffered);
                _end -= _start;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end, Capacity - _end), cancellationToken);
            _end += read;
            _endOfStream = read == 0;
        }

        return Buffered >= count;
    }

    /// <summary>Like <see cref="FillAsync"/>, but a stream that ends too early is a corrupt file.</summary>
    public async ValueTask RequireAsync(int count, CancellationToken cancellationToken)
    {
        if (!await FillAsync(count, cancellationToken))
        {
            throw new CorruptFileException("The file ends in the middle of a header.");
        }
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Buffered);
        _start += count;
        Position += count;
    }

    /// <summary>Reads past <paramref name="count"/> bytes; returns how many there were before the stream ended.</summary>
    public async ValueTask<long> SkipAsync(long count, CancellationToken cancellationToken)
    {
        var skipped = 0L;
        while (skipped < count && await FillAsync(1, cancellationToken))
        {
            var step = (int)Math.Min(Buffered, count - skipped);
            Advance(step);
            skipped += step;
        }

        return skipped;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
