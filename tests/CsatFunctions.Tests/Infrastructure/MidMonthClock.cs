using System.Diagnostics;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// The real clock, moved to the middle of a month: time passes as it does, and timers and delays are
/// the system's, but a test that counts "this month" and "two months back" never straddles a month's
/// first minutes, whenever it runs.
/// </summary>
public sealed class MidMonthClock : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly long started = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => Start + Stopwatch.GetElapsedTime(started);
}
