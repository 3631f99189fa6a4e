using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Web;

namespace CsatFunctions.Desk;

/// <summary>Builds a period's report from the stored daily counts (one small row per day) and the period's follow-ups.</summary>
public sealed class DeskReports(DailyTallyTable tallies, FollowUpTable followUps)
{
    public async Task<DeskReport> BuildAsync(DayRange range, CancellationToken cancellationToken)
    {
        var length = range.To.DayNumber - range.From.DayNumber + 1;
        var previousFrom = range.From.AddDays(-length);
        var days = await tallies.ReadRangeAsync(previousFrom, range.To, cancellationToken);
        var period = days.Where(day => day.Day >= range.From).ToList();
        var previous = days.Where(day => day.Day < range.From).ToList();

        IReadOnlyDictionary<string, ScoreWindow> By(string breakdown) => period
            .SelectMany(day => day.By(breakdown))
            .GroupBy(keyed => keyed.Key, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => ScoreCalculator.Sum(group.Select(keyed => keyed.Value)), StringComparer.Ordinal);

        return new DeskReport(
            range.From,
            range.To,
            ScoreCalculator.Sum(period),
            ScoreCalculator.Sum(previous),
            By(Breakdowns.Agent),
            By(Breakdowns.Channel),
            By(Breakdowns.Source),
            By(Breakdowns.Touchpoint),
            By(Breakdowns.Company),
            By(Breakdowns.Reason),
            By(Breakdowns.Tag),
            FollowUpCounts.Of(await followUps.ListAsync(range.From, range.To, cancellationToken)));
    }
}
