namespace Bedtime.Uploads.Inspection.Walkers;

/// <summary>
/// Checks a format's structure as its bytes stream past, in constant memory: it alternately reads a small header
/// into a buffer and skips over the body it describes (or scans for the next marker), so every byte is accounted
/// for, the end marker is found where the structure says it is, and anything after it is noticed.
/// </summary>
internal abstract class StructureWalker
{
    /// <summary>Largest width or height an upload may claim; anything bigger is a damaged or hostile header.</summary>
    protected const int MaxDimension = 20_000;

    private enum Mode { Reading, Scanning, Ended, Satisfied }

    private readonly byte[] _buffer;
    private Mode _mode = Mode.Reading;
    private int _want;
    private int _have;
    private long _skip;
    private string? _failure;

    protected StructureWalker(string formatName, int bufferSize, int firstRead)
    {
        FormatName = formatName;
        _buffer = new byte[bufferSize];
        _want = firstRead;
    }

    /// <summary>What the format is called in reasons, e.g. "PNG image".</summary>
    protected string FormatName { get; }

    /// <summary>What the walk measured (size, length); read after <see cref="Finish"/>.</summary>
    public virtual MediaMeasurements? Measurements => null;

    /// <summary>Bytes of the upload consumed so far.</summary>
    protected long Position { get; private set; }

    protected long TrailingBytes { get; private set; }

    protected bool TrailingNonZero { get; private set; }

    /// <summary>Waiting for the next header with nothing half-read or left to skip.</summary>
    protected bool IsIdle => _mode == Mode.Reading && _skip == 0 && _have == 0;

    protected string Appended => $"The file has data after the end of the {FormatName}.";

    protected string Incomplete => $"The {FormatName} is incomplete: the file ends too early.";

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && _failure is null)
        {
            if (_mode == Mode.Satisfied)
            {
                return;
            }

            if (_mode == Mode.Ended)
            {
                TrailingBytes += data.Length;
                TrailingNonZero |= data.ContainsAnyExcept((byte)0);
                return;
            }

            if (_skip > 0)
            {
                var skipped = (int)Math.Min(_skip, data.Length);
                _skip -= skipped;
                Position += skipped;
                data = data[skipped..];
                if (_skip == 0 && _mode == Mode.Reading && _want == 0)
                {
                    _mode = Mode.Ended;
                }

                continue;
            }

            if (_mode == Mode.Scanning)
            {
                var scanned = Scan(data);
                Position += scanned;
                data = data[scanned..];
                continue;
            }

            var take = Math.Min(_want - _have, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_have));
            _have += take;
            Position += take;
            data = data[take..];
            if (_have == _want)
            {
                var read = _want;
                _have = 0;
                _want = 0;
                OnRead(_buffer.AsSpan(0, read));
                if (_failure is null && _mode == Mode.Reading && _want == 0 && _skip == 0)
                {
                    throw new InvalidOperationException($"{GetType().Name} did not say what to read next.");
                }
            }
        }
    }

    /// <summary>The reason to reject, or null when the structure was sound from start to end.</summary>
    public string? Finish() => _failure ?? _mode switch
    {
        Mode.Satisfied => null,
        Mode.Ended => TrailingBytes == 0 ? null : TrailingProblem(),
        _ => AtEndOfStream(),
    };

    /// <summary>Called with exactly the bytes asked for by <see cref="Next"/>; must say what comes next.</summary>
    protected abstract void OnRead(ReadOnlySpan<byte> bytes);

    /// <summary>Consumes entropy-coded data after <see cref="ScanAfter"/>; returns how many bytes it used (at least one).</summary>
    protected virtual int Scan(ReadOnlySpan<byte> data) => throw new InvalidOperationException($"{GetType().Name} does not scan.");

    /// <summary>The stream ended while the structure was still open.</summary>
    protected virtual string? AtEndOfStream() => Incomplete;

    /// <summary>Bytes followed the end marker.</summary>
    protected virtual string? TrailingProblem() => Appended;

    /// <summary>Skip <paramref name="skip"/> bytes, then read <paramref name="read"/> (0: the structure ends there).</summary>
    protected void Next(long skip, int read)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(read, _buffer.Length);
        _skip = skip;
        _want = read;
        _mode = read == 0 && skip == 0 ? Mode.Ended : Mode.Reading;
    }

    protected void EndAfter(long skip) => Next(skip, 0);

    protected void ScanAfter(long skip)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        _skip = skip;
        _want = 0;
        _mode = Mode.Scanning;
    }

    /// <summary>Enough has been seen to accept the format; the rest is not walked.</summary>
    protected void Satisfied() => _mode = Mode.Satisfied;

    protected void Fail(string detail) => _failure ??= $"The {FormatName} is damaged ({detail}).";

    protected void FailWith(string reason) => _failure ??= reason;
}
