namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// The machine's clock, which a test can move on (<see cref="Advance"/>) to wait out a delay such as
/// <c>Csat__SendDelay</c> without waiting. Until it is moved it reads the machine's time, so a stand-in
/// that signs its deliveries by the machine's clock (the WHMCS hook run by php-cli) is still in time.
/// </summary>
public sealed class AdvancingClock : TimeProvider
{
    private long skippedTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref skippedTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref skippedTicks, by.Ticks);
}
