using System.Globalization;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Web;

namespace CsatFunctions.Clients;

/// <summary>
/// Builds a client company's report (<see cref="ClientReport"/>) with three reads, whatever the period:
/// the daily counts of the period and the one before (as the desk's report reads them, so the
/// figures are the desk's), the company's surveys of the period from the day index (one range query
/// filtered by company, read once for the breakdowns and the answers alike), and the period's follow-ups.
/// </summary>
public sealed class ClientReports(DailyTallyTable tallies, SurveyDayIndex dayIndex, FollowUpTable followUps)
{
    /// <summary>The answers a report lists; the rest are counted, not listed.</summary>
    public const int MaxAnswers = 200;

    /// <param name="shared">For the client: agents and follow-up owners by first name only.</param>
    public async Task<ClientReport> BuildAsync(string company, DayRange range, bool shared, CancellationToken cancellationToken)
    {
        var length = range.To.DayNumber - range.From.DayNumber + 1;
        var days = await tallies.ReadRangeAsync(range.From.AddDays(-length), range.To, cancellationToken);
        var period = days.Where(day => day.Day >= range.From).ToList();
        DailyTally[] Company(IEnumerable<DailyTally> some) => [.. some.Select(day => day.By(Breakdowns.Company).GetValueOrDefault(company)).OfType<DailyTally>()];
        var byMonth = Company(period).ToLookup(day => new DateOnly(day.Day.Year, day.Day.Month, 1));
        var months = new Dictionary<string, ScoreWindow>(StringComparer.Ordinal);
        for (var month = new DateOnly(range.From.Year, range.From.Month, 1); month <= range.To; month = month.AddMonths(1))
        {
            months[month.ToString("yyyy-MM", CultureInfo.InvariantCulture)] = ScoreCalculator.Sum(byMonth[month]);
        }

        Func<string, string> person = shared ? FirstName : name => name;
        var counts = new List<DailyTally>();
        var answers = new List<ClientAnswer>();
        DayRowCount? day = null;
        await foreach (var row in dayIndex.CompanyRowsAsync(range.From, range.To, company, cancellationToken))
        {
            var rowDay = DayKey.Parse(row.PartitionKey[..8]);
            if (day?.Day != rowDay)
            {
                AddTo(counts, day);
                day = new DayRowCount(rowDay);
            }

            day.Add(row);
            if (Answer(row, person) is { } answer)
            {
                answers.Add(answer);
            }
        }

        AddTo(counts, day);
        var companyFollowUps = (await followUps.ListAsync(range.From, range.To, cancellationToken))
            .Where(f => f.Company == company)
            .OrderByDescending(f => f.OpenedAt)
            .Select(f => new ClientFollowUp(f.TicketId, person(f.Agent), f.Rating, f.OpenedAt, FollowUpTable.Name(f.Status), person(f.Owner), f.Note, f.ClosedAt))
            .ToList();
        return new ClientReport(
            company,
            range.From,
            range.To,
            shared,
            ScoreCalculator.Sum(Company(period)),
            ScoreCalculator.Sum(Company(days.Where(d => d.Day < range.From))),
            ScoreCalculator.Sum(period),
            months,
            By(counts, Breakdowns.Agent, person),
            By(counts, Breakdowns.Reason, name => name),
            [.. answers.OrderByDescending(a => a.RatedAt).Take(MaxAnswers)],
            Math.Max(0, answers.Count - MaxAnswers),
            companyFollowUps);
    }

    /// <summary>What a person is called in a report the client reads: the first word of the name, never a surname or an address.</summary>
    public static string FirstName(string name)
    {
        var first = name.Trim().Split(' ', '\t', '.', '@')[0];
        return first.Length == 0 ? "" : first;
    }

    private static void AddTo(List<DailyTally> counts, DayRowCount? day)
    {
        if (day is not null)
        {
            counts.Add(day.Tally);
        }
    }

    /// <summary>One breakdown over the days, keys renamed (two agents of the same first name count together for the client).</summary>
    private static IReadOnlyDictionary<string, ScoreWindow> By(List<DailyTally> counts, string breakdown, Func<string, string> rename) => counts
        .SelectMany(day => day.By(breakdown))
        .GroupBy(keyed => rename(keyed.Key), StringComparer.Ordinal)
        .OrderBy(group => group.Key, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => ScoreCalculator.Sum(group.Select(keyed => keyed.Value)), StringComparer.Ordinal);

    private static ClientAnswer? Answer(Azure.Data.Tables.TableEntity row, Func<string, string> person)
    {
        if (!RatingNames.TryParse(row.GetString("Rating"), out var rating) || row.GetDateTimeOffset("RatedAt") is not { } ratedAt)
        {
            return null;
        }

        var reasons = Breakdowns.All.First(b => b.Name == Breakdowns.Reason);
        return new ClientAnswer(
            row.GetString("TicketId") ?? "",
            person(row.GetString("Agent") ?? ""),
            ratedAt,
            rating.ToWire(),
            row.GetInt32("Score") is { } number && number >= 0 ? number : null,
            Scales.Stored(row.GetString("Scale")).Name,
            row.GetString("Comment") is { Length: > 0 } comment ? comment : null,
            reasons.Read(row.GetString(reasons.Column)));
    }
}
