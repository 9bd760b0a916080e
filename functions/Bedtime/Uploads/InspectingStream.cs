using System.Security.Cryptography;
using Bedtime.Uploads.Inspection;

namespace Bedtime.Uploads;

/// <summary>
/// A request body of declared length, read once, forward only, by the storage client: every byte read is hashed and
/// shown to the inspector on its way through. It reports its length (so storage gets a Content-Length) and
/// "seeks" only to where it already is; a retry that needs to rewind fails, as a live body cannot be read twice.
/// </summary>
internal sealed class InspectingStream(Stream body, long length, IUploadInspector inspector, IncrementalHash sha) : Stream
{
    private long _position;

    /// <summary>The body ended before its declared length.</summary>
    public bool EndedEarly { get; private set; }

    /// <summary>What reading the body threw (the client went away…), to surface instead of storage's wrapping of it.</summary>
    public Exception? ReadFailure { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted == 0) return 0;
        int read;
        try
        {
            read = await body.ReadAsync(buffer[..wanted], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ReadFailure = e;
            throw;
        }
        if (read == 0)
        {
            EndedEarly = true;
            throw new EndOfStreamException("The body ended before its declared Content-Length.");
        }
        var fresh = buffer.Span[..read];
        inspector.Append(fresh);
        sha.AppendData(fresh);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Request bodies are read asynchronously.");

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        if (target != _position) throw new NotSupportedException("A request body cannot be read twice.");
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
