namespace Bedtime.Tests.TestSupport;

/// <summary>
/// The system clock, except that no two readings are equal: a reading that would not be later than the last is moved a
/// millisecond past it. Things made one after another get distinct, ordered times without a test having to sleep.
/// </summary>
public sealed class StrictlyIncreasingClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _last;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            var now = System.GetUtcNow();
            _last = now > _last ? now : _last.AddMilliseconds(1);
            return _last;
        }
    }
}
