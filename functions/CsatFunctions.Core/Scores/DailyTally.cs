namespace CsatFunctions.Scores;

/// <summary>One UTC day's surveys and ratings: the unit the aggregator recounts and the windows add up.</summary>
public sealed record DailyTally(DateOnly Day, int Surveyed, int Excellent, int Satisfactory, int Unsatisfactory)
{
    public int Rated => Excellent + Satisfactory + Unsatisfactory;
}
