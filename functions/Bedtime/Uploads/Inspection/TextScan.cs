using System.Buffers;
using System.Text.Unicode;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Inspection;

/// <summary>
/// Checks, across chunk boundaries, that the whole upload is clean UTF-8 text: valid sequences (one may be split
/// between chunks), no NUL bytes, and no control characters other than tab, line feed, form feed and carriage return.
/// </summary>
internal sealed class TextScan
{
    private static readonly SearchValues<byte> ForbiddenControls = SearchValues.Create(
    [
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
        0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F,
    ]);

    // A sequence whose first bytes ended a chunk; at most three of its four bytes wait here.
    private readonly byte[] _pending = new byte[4];
    private int _pendingLength;
    private int _pendingNeed;

    public bool ValidUtf8 { get; private set; } = true;

    public bool HasNul { get; private set; }

    public bool HasControlCharacters { get; private set; }

    public bool IsClean => ValidUtf8 && !HasNul && !HasControlCharacters;

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (!ValidUtf8 && HasNul)
        {
            return; // nothing left to learn
        }

        if (!HasNul)
        {
            HasNul = chunk.Contains((byte)0);
        }

        if (!HasControlCharacters)
        {
            HasControlCharacters = chunk.ContainsAny(ForbiddenControls);
        }

        if (ValidUtf8)
        {
            ValidateUtf8(chunk);
        }
    }

    /// <summary>The upload has ended: a sequence still waiting for its last bytes never gets them.</summary>
    public void Finish()
    {
        if (_pendingLength > 0)
        {
            ValidUtf8 = false;
            _pendingLength = 0;
        }
    }

    private void ValidateUtf8(ReadOnlySpan<byte> chunk)
    {
        if (_pendingLength > 0)
        {
            var take = Math.Min(_pendingNeed - _pendingLength, chunk.Length);
            chunk[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            chunk = chunk[take..];
            if (_pendingLength < _pendingNeed)
            {
                return;
            }

            ValidUtf8 = Utf8.IsValid(_pending.AsSpan(0, _pendingLength));
            _pendingLength = 0;
            if (!ValidUtf8)
            {
                return;
            }
        }

        var complete = Utf8Boundary.CompleteLength(chunk);
        if (!Utf8.IsValid(chunk[..complete]))
        {
            ValidUtf8 = false;
            return;
        }

        var rest = chunk[complete..];
        if (!rest.IsEmpty)
        {
            rest.CopyTo(_pending);
            _pendingLength = rest.Length;
            _pendingNeed = Utf8Boundary.SequenceLength(rest[0]);
        }
    }
}
