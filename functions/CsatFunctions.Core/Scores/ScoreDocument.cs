namespace CsatFunctions.Scores;

/// <summary>The public score, schema version 1, exactly as the contract publishes it.</summary>
public sealed record ScoreDocument(
    int SchemaVersion,
    string Company,
    DateTime GeneratedAt,
    string Method,
    ScoreWindows Windows,
    IReadOnlyList<MonthlyScore> Monthly)
{
    public const string MethodText = "Share of rated tickets rated excellent or satisfactory; unrated tickets are excluded.";
}

public sealed record ScoreWindows(
    ScoreWindow Last7Days,
    ScoreWindow Last30Days,
    ScoreWindow Last90Days,
    ScoreWindow Last365Days,
    ScoreWindow AllTime);

public sealed record ScoreWindow(
    int Surveyed,
    int Rated,
    int Excellent,
    int Satisfactory,
    int Unsatisfactory,
    decimal? SatisfactionPercent,
    decimal? ResponseRatePercent);

public sealed record MonthlyScore(string Month, int Surveyed, int Rated, decimal? SatisfactionPercent);
