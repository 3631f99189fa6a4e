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

    /// <param name="shared">
    /// For the client: agents by first name only, any address in a comment replaced, and follow-ups
    /// without the team's owner and note (internal working notes, which may name people).
    /// </param>
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
        Func<string, string> comment = shared ? AddressFreeText.Of : text => text;
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
            if (SurveyDayRow.AnswerOf(row) is { } filed)
            {
                answers.Add(new ClientAnswer(
                    filed.TicketId, person(filed.Agent), filed.RatedAt, filed.Rating.ToWire(), filed.Score, filed.Scale.Name, filed.Comment is { } text ? comment(text) : null, filed.Reasons));
            }
        }

        AddTo(counts, day);
        var companyFollowUps = (await followUps.ListAsync(range.From, range.To, cancellationToken))
            .Where(f => f.Company == company)
            .OrderByDescending(f => f.OpenedAt)
            .Select(f => new ClientFollowUp(f.TicketId, person(f.Agent), f.Rating, f.OpenedAt, FollowUpTable.Name(f.Status), shared ? null : f.Owner, shared ? null : f.Note, f.ClosedAt))
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

    /// <summary>What an agent is called in a report the client reads.</summary>
    public const string AnyAgent = "Agent";

    private static readonly HashSet<string> Titles = new(["Dr", "Mr", "Mrs", "Ms", "Mx", "Prof"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What a person is called in a report the client reads: the first word of the name after any
    /// title ("Dr. Jane Smith" is Jane), never a surname; an address-shaped name (an agent known
    /// only by an address) is <see cref="AnyAgent"/>, since any part of an address may identify someone.
    /// </summary>
    public static string FirstName(string name)
    {
        if (name.Contains('@'))
        {
            return AnyAgent;
        }

        return name.Split([' ', '\t', '.'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(word => !Titles.Contains(word)) ?? "";
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
}
