using CsatFunctions.Desk;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Surveys;
using CsatFunctions.Web;

namespace CsatFunctions.Digests;

/// <summary>
/// Reads a month's figures for every client company in a few queries, whatever the number of
/// companies: the desk's reports of the month and the month before (their <c>byCompany</c>), the
/// month's bottom comments, and the follow-ups not yet resolved.
/// </summary>
public sealed class MonthFigureReader(DeskReports reports, FollowUpTable followUps, AnswerFeed feed)
{
    public async Task<MonthFigures> ReadAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var month = await reports.BuildAsync(new DayRange(first, last), cancellationToken);
        var before = await reports.BuildAsync(new DayRange(first.AddMonths(-1), first.AddDays(-1)), cancellationToken);
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
}
