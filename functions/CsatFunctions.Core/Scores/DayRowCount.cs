using Azure.Data.Tables;
using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>
/// Counts day index rows of one day into its tally, totals and every breakdown: how the aggregator
/// counts a day, and how a client report counts one company's days, so both count alike.
/// </summary>
public sealed class DayRowCount(DateOnly day)
{
    /// <summary>The columns a count reads.</summary>
    public static readonly string[] Columns = ["Rating", "NotSurveyed", "Scale", "Score", "Delivered", "Undeliverable", "Reminded", .. Breakdowns.All.Select(b => b.Column)];

    private readonly Dictionary<string, SortedDictionary<string, DailyTally>> breakdowns =
        Breakdowns.All.ToDictionary(b => b.Name, _ => new SortedDictionary<string, DailyTally>(StringComparer.Ordinal));

    private DailyTally total = DailyTally.None(day);

    public DateOnly Day => day;

    public DailyTally Tally => total with { Breakdowns = breakdowns.ToDictionary(b => b.Key, b => (IReadOnlyDictionary<string, DailyTally>)b.Value) };

    public void Add(TableEntity row)
    {
        Rating? rating = RatingNames.TryParse(row.GetString("Rating"), out var given) ? given : null;
        var notSurveyed = row.GetBoolean("NotSurveyed") == true;
        var scale = Scales.Stored(row.GetString("Scale"));
        int? score = row.GetInt32("Score") is { } number && number >= 0 ? number : null;
        var delivery = row.GetBoolean("Undeliverable") == true ? DeliveryState.Undeliverable : row.GetBoolean("Delivered") == true ? DeliveryState.Delivered : DeliveryState.Unknown;
        var reminded = row.GetBoolean("Reminded") == true;
        total = total.Add(rating, notSurveyed, scale, score, delivery, reminded);
        foreach (var breakdown in Breakdowns.All)
        {
            var keyed = breakdowns[breakdown.Name];
            foreach (var key in breakdown.Read(row.GetString(breakdown.Column)))
            {
                keyed[key] = keyed.GetValueOrDefault(key, DailyTally.None(day)).Add(rating, notSurveyed, scale, score, delivery, reminded);
            }
        }
    }
}
