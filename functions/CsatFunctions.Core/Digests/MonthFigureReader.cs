using CsatFunctions.Desk;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Web;

namespace CsatFunctions.Digests;

/// <summary>
/// Reads a month's figures for every client company in a few queries, whatever the number of
/// companies: the daily counts of the month and the calendar month before, read once and summed by
/// company as the desk's <c>byCompany</c> sums them (the desk's own "period before" is the same number
/// of days, which is not the calendar month before when the months differ in length, and it has no
/// <c>byCompany</c>), the month's bottom comments, and the follow-ups not yet resolved.
/// </summary>
public sealed class MonthFigureReader(DailyTallyTable tallies, FollowUpTable followUps, AnswerFeed feed)
{
    public async Task<MonthFigures> ReadAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var days = await tallies.ReadRangeAsync(first.AddMonths(-1), last, cancellationToken);
        var month = ByCompany(days.Where(day => day.Day >= first));
        var before = ByCompany(days.Where(day => day.Day < first));
        var bottom = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var answer in feed.ReadAsync(new DayRange(first, last), new AnswerFilter(Rating.Unsatisfactory, null, null, true), null, cancellationToken))
        {
            if (answer.Company is { } company)
            {
                bottom[company] = bottom.GetValueOrDefault(company) + 1;
            }
        }

        var open = (await followUps.ListAsync(null, null, cancellationToken))
            .Where(followUp => followUp.Company is not null && followUp.Status is FollowUpStatus.Open or FollowUpStatus.Contacted)
            .GroupBy(followUp => followUp.Company!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        return new MonthFigures(first, last, month, before, bottom, open);
    }

    private static Dictionary<string, ScoreWindow> ByCompany(IEnumerable<DailyTally> days) => days
        .SelectMany(day => day.By(Breakdowns.Company))
        .GroupBy(keyed => keyed.Key, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => ScoreCalculator.Sum(group.Select(keyed => keyed.Value)), StringComparer.Ordinal);
}
