namespace Bedtime.Http;

/// <summary>
/// The time bound of one request (<see cref="HttpOptions.RequestTimeout"/>): it counts the service's time, not the
/// time spent waiting for the client's body (a streamed upload takes as long as the client sends). When it runs out,
/// <see cref="Token"/> is cancelled.
/// </summary>
internal sealed class RequestBound : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly TimeProvider _clock;
    private readonly ITimer _timer;
    private readonly long _started;
    private readonly TimeSpan _budget;
    private TimeSpan _clientTime;
    private int _reading;

    public RequestBound(TimeSpan budget, TimeProvider clock, CancellationToken clientAborted)
    {
        (_budget, _clock, _started) = (budget, clock, clock.GetTimestamp());
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        _timer = clock.CreateTimer(Cancel, _cancel, budget, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _cancel.Token;
    public bool Expired => _cancel.IsCancellationRequested;

    /// <summary>
    /// Waits for <paramref name="work"/>; false when the bound ran out and the work had not ended
    /// <paramref name="grace"/> later (the client going away counts as the bound running out).
    /// </summary>
    public async Task<bool> WaitAsync(Task work, TimeSpan grace)
    {
        if (work.IsCompleted) return true;
        var expired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (_cancel.Token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), expired))
        {
            if (await Task.WhenAny(work, expired.Task) == work) return true;
        }
        return await Task.WhenAny(work, Task.Delay(grace, _clock)) == work;
    }

    /// <summary>Wraps the request body: the bound stands still while a read waits for the client, and moves on after.</summary>
    public Stream Measure(Stream body) => new ClientTimeBody(body, _clock, ReadStarted, ReadEnded);

    private void ReadStarted()
    {
        lock (_timer)
        {
            if (_reading++ == 0 && !_cancel.IsCancellationRequested) _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void ReadEnded(TimeSpan waited)
    {
        lock (_timer)
        {
            _clientTime += waited;
            if (--_reading > 0 || _cancel.IsCancellationRequested) return;
            var left = _budget + _clientTime - _clock.GetElapsedTime(_started);
            _timer.Change(left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private static void Cancel(object? cancel)
    {
        try { ((CancellationTokenSource)cancel!).Cancel(); }
        catch (ObjectDisposedException) { } // the request ended as the bound came
    }

    public void Dispose()
    {
        _timer.Dispose();
        _cancel.Dispose();
    }

    /// <summary>A request body that reports each read's start and how long it waited for the client.</summary>
    private sealed class ClientTimeBody(Stream inner, TimeProvider clock, Action started, Action<TimeSpan> ended) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var from = clock.GetTimestamp();
            started();
            try { return inner.Read(buffer, offset, count); }
            finally { ended(clock.GetElapsedTime(from)); }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var from = clock.GetTimestamp();
            started();
            try { return await inner.ReadAsync(buffer, cancellationToken); }
            finally { ended(clock.GetElapsedTime(from)); }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
