using CsatFunctions.Scores;

namespace CsatFunctions.Digests;

/// <summary>
/// A month's figures for every client company at once, read by <see cref="MonthFigureReader"/>.
/// </summary>
public sealed class MonthFigures(DateOnly first, DateOnly last, IReadOnlyDictionary<string, ScoreWindow> month, IReadOnlyDictionary<string, ScoreWindow> before, IReadOnlyDictionary<string, int> bottomComments, IReadOnlyDictionary<string, int> openFollowUps)
{
    private static readonly ScoreWindow None = ScoreCalculator.Sum([]);

    public ClientDigest For(string company, Uri reportUrl, DateTimeOffset reportExpiresAt) => new(
        company,
        first,
        last,
        month.GetValueOrDefault(company) ?? None,
        before.GetValueOrDefault(company) ?? None,
        bottomComments.GetValueOrDefault(company),
        openFollowUps.GetValueOrDefault(company),
        reportUrl,
        reportExpiresAt);
}
