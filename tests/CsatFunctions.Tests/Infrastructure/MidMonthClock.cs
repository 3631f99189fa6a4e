using System.Diagnostics;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// The real clock, moved to the middle of a month: time passes as it does, and timers and delays are
/// the system's, but a test that counts "this month" and "two months back" never straddles a month's
/// first minutes, whenever it runs. A test can move it on by days (<see cref="Advance"/>), as a reminder
/// test does, without waiting.
/// </summary>
public sealed class MidMonthClock : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly long started = Stopwatch.GetTimestamp();
    private long skippedTicks;

    public override DateTimeOffset GetUtcNow() => Start + Stopwatch.GetElapsedTime(started) + TimeSpan.FromTicks(Interlocked.Read(ref skippedTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref skippedTicks, by.Ticks);
}
