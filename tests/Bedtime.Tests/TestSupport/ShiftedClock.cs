namespace Bedtime.Tests.TestSupport;

/// <summary>The system clock moved by a fixed amount; timers still run in real time (for code whose times storage judges).</summary>
public sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
