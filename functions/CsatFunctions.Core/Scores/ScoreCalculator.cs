using System.Globalization;
using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>Turns per-day counts into the public document. Pure arithmetic: no storage, no clock of its own.</summary>
public static class ScoreCalculator
{
    public static ScoreDocument Calculate(string company, IReadOnlyCollection<DailyTally> tallies, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var touchpoints = tallies.SelectMany(t => t.By(Breakdowns.Touchpoint).Keys).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(name => name, name => Windows([.. tallies.Where(t => t.By(Breakdowns.Touchpoint).ContainsKey(name)).Select(t => t.By(Breakdowns.Touchpoint)[name])], today));
        var generatedAt = new DateTime(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        return new ScoreDocument(1, company, generatedAt, ScoreDocument.MethodText, Windows(tallies, today), Months(tallies, today), touchpoints);
    }

    private static ScoreWindows Windows(IReadOnlyCollection<DailyTally> tallies, DateOnly today) => new(
        Window(tallies, today, 7),
        Window(tallies, today, 30),
        Window(tallies, today, 90),
        Window(tallies, today, 365),
        Sum(tallies));

    /// <summary>
    /// Rounded half away from zero to one decimal, as people round, and always written with that
    /// decimal (adding 0.0m sets the scale: 80 is published as 80.0). Null when there is nothing to divide by.
    /// </summary>
    public static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero) + 0.0m;

    /// <summary>The last <paramref name="days"/> UTC days, today included.</summary>
    private static ScoreWindow Window(IEnumerable<DailyTally> tallies, DateOnly today, int days)
    {
        var first = today.AddDays(1 - days);
        return Sum(tallies.Where(t => t.Day >= first));
    }

    /// <summary>The counts and percentages of the given days together, as a public window has them.</summary>
    public static ScoreWindow Sum(IEnumerable<DailyTally> tallies)
    {
        int surveyed = 0, excellent = 0, satisfactory = 0, unsatisfactory = 0, notSurveyed = 0, delivered = 0, undeliverable = 0, reminded = 0;
        var scales = ScaleCounts.Zero;
        foreach (var tally in tallies)
        {
            surveyed += tally.Surveyed;
            notSurveyed += tally.NotSurveyed;
            delivered += tally.Delivered;
            undeliverable += tally.Undeliverable;
            reminded += tally.Reminded;
            scales = scales.Plus(tally.Scales);
            excellent += tally.Excellent;
            satisfactory += tally.Satisfactory;
            unsatisfactory += tally.Unsatisfactory;
        }

        var rated = excellent + satisfactory + unsatisfactory;
        return new ScoreWindow(surveyed, rated, excellent, satisfactory, unsatisfactory, Percent(excellent + satisfactory, rated), Percent(rated, surveyed), notSurveyed)
        {
            FivePoint = FivePointCounts.From(scales.Of(Scale.FivePoint)),
            Nps = NpsSummary.From(scales.Of(Scale.Nps)),
            Delivered = delivered,
            Undeliverable = undeliverable,
            ResponseRateOfDeliveredPercent = Percent(rated, delivered),
            Reminded = reminded,
        };
    }

    /// <summary>Every month from the first with a survey to the current one, oldest first, empty months included.</summary>
    private static List<MonthlyScore> Months(IReadOnlyCollection<DailyTally> tallies, DateOnly today)
    {
        var byMonth = tallies.ToLookup(t => new DateOnly(t.Day.Year, t.Day.Month, 1));
        var current = new DateOnly(today.Year, today.Month, 1);
        var first = byMonth.Count == 0 ? current : byMonth.Min(g => g.Key);
        var last = byMonth.Count == 0 ? current : new[] { current, byMonth.Max(g => g.Key) }.Max();
        var months = new List<MonthlyScore>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var sum = Sum(byMonth[month]);
            months.Add(new MonthlyScore(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), sum.Surveyed, sum.Rated, sum.SatisfactionPercent));
        }

        return months;
    }
}
