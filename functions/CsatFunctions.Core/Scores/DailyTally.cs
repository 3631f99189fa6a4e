namespace CsatFunctions.Scores;

/// <summary>One UTC day's surveys and ratings: the unit the aggregator recounts and the windows add up.</summary>
/// <param name="Surveyed">Every accepted ticket, as the contract counts them.</param>
/// <param name="NotSurveyed">Of those, the ones not asked: the customer unsubscribed or was surveyed within the cooldown.</param>
public sealed record DailyTally(DateOnly Day, int Surveyed, int Excellent, int Satisfactory, int Unsatisfactory, int NotSurveyed = 0)
{
    public int Rated => Excellent + Satisfactory + Unsatisfactory;
}
