using System.Buffers.Binary;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>
/// RIFF containers (WebP, WAV): the declared size must match the file (one byte of padding allowed), and the chunks
/// inside must tile it exactly. Subclasses look at the chunks that matter to their format.
/// </summary>
internal abstract class RiffWalker : StructureWalker
{
    private const int HeaderLength = 12;
    private const int ChunkHeaderLength = 8;
    private const int MaxChunkPeek = 16;

    private enum Step { Header, ChunkHeader, ChunkStart }

    private readonly byte[] _form;
    private readonly byte[] _chunkId = new byte[4];
    private Step _step;
    private long _riffEnd;
    private long _chunkEnd;
    private int _chunks;

    protected RiffWalker(string formatName, ReadOnlySpan<byte> form)
        : base(formatName, bufferSize: MaxChunkPeek, firstRead: HeaderLength) => _form = form.ToArray();

    /// <summary>Looks at a chunk header; returns how many bytes of its body to read (at most 16), or 0 to skip it.</summary>
    protected abstract int OnChunk(ReadOnlySpan<byte> id, uint size, bool first);

    /// <summary>Receives the start of a chunk's body asked for by <see cref="OnChunk"/>.</summary>
    protected abstract void OnChunkStart(ReadOnlySpan<byte> id, ReadOnlySpan<byte> body);

    /// <summary>What is missing once every chunk has been seen, or null.</summary>
    protected abstract string? MissingAtEnd();

    protected override string? TrailingProblem() => TrailingBytes <= 1 ? null : Appended;

    protected override void OnRead(ReadOnlySpan<byte> bytes)
    {
        switch (_step)
        {
            case Step.Header:
                OnHeader(bytes);
                break;
            case Step.ChunkHeader:
                OnChunkHeader(bytes);
                break;
            case Step.ChunkStart:
                OnChunkStart(_chunkId, bytes);
                ReadChunkAt(_chunkEnd);
                break;
        }
    }

    private void OnHeader(ReadOnlySpan<byte> header)
    {
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (!header.StartsWith(Signatures.Riff) || !header[8..].SequenceEqual(_form) || size < 4)
        {
            Fail("its RIFF header is invalid");
            return;
        }

        _riffEnd = 8L + size;
        ReadChunkAt(HeaderLength);
    }

    private void OnChunkHeader(ReadOnlySpan<byte> header)
    {
        var id = header[..4];
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (id.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            Fail("a chunk has an invalid name");
            return;
        }

        if (Position + size > _riffEnd)
        {
            Fail("a chunk runs past the size the file declares");
            return;
        }

        id.CopyTo(_chunkId);
        _chunks++;
        _chunkEnd = Position + size + (size & 1);
        var peek = OnChunk(id, size, first: _chunks == 1);
        if (peek > size)
        {
            Fail("a chunk is too short");
        }
        else if (peek > 0)
        {
            _step = Step.ChunkStart;
            Next(0, Math.Min(peek, MaxChunkPeek));
        }
        else
        {
            ReadChunkAt(_chunkEnd);
        }
    }

    private void ReadChunkAt(long start)
    {
        if (start >= _riffEnd)
        {
            if ((_chunks == 0 ? "it has no chunks" : MissingAtEnd()) is { } missing)
            {
                Fail(missing);
                return;
            }

            // The last chunk's padding byte may be missing when the declared size leaves no room for it.
            EndAfter(Math.Max(0, _riffEnd - Position));
        }
        else if (_riffEnd - start < ChunkHeaderLength)
        {
            Fail("stray bytes follow the last chunk");
        }
        else
        {
            _step = Step.ChunkHeader;
            Next(start - Position, ChunkHeaderLength);
        }
    }
}
