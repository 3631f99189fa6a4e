using System.Diagnostics;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// The machine's clock, moved to noon UTC on the 15th of the machine's current month: time passes as it
/// does, and timers and delays are the system's, but a test that counts "this month" and "two months back"
/// never straddles a month's first minutes, whenever it runs. It stays within about sixteen days of the
/// machine's clock (which Azurite keeps), so the suite runs on the calendar of the day it runs on. A test
/// can move it on by days (<see cref="Advance"/>), as a reminder test does, without waiting.
/// </summary>
public sealed class MidMonthClock : TimeProvider
{
    private readonly long started = Stopwatch.GetTimestamp();
    private long skippedTicks;

    public MidMonthClock()
    {
        var machine = System.GetUtcNow();
        Start = new DateTimeOffset(machine.Year, machine.Month, 15, 12, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Where this clock started: noon UTC on the 15th of the month the test began in.</summary>
    public DateTimeOffset Start { get; }

    public override DateTimeOffset GetUtcNow() => Start + Stopwatch.GetElapsedTime(started) + TimeSpan.FromTicks(Interlocked.Read(ref skippedTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref skippedTicks, by.Ticks);
}
