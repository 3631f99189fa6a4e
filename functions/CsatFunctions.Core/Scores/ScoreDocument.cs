using System.Text.Json.Serialization;
using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>
/// The public score, schema version 1, exactly as the contract publishes it, plus fields added without
/// breaking it: <c>notSurveyed</c> in each window, and <c>touchpoints</c>, the same windows for each
/// touchpoint a ticket named (sorted by name).
/// </summary>
public sealed record ScoreDocument(
    int SchemaVersion,
    string Company,
    DateTime GeneratedAt,
    string Method,
    ScoreWindows Windows,
    IReadOnlyList<MonthlyScore> Monthly,
    IReadOnlyDictionary<string, ScoreWindows> Touchpoints)
{
    public const string MethodText = "Share of rated tickets rated excellent or satisfactory; unrated tickets are excluded.";

    /// <summary>
    /// Added in schema version 1: the badge, widget and page show a window's percentage only from this
    /// many ratings on (<c>Csat__MinimumRatedToShow</c>); the windows here always carry the numbers.
    /// </summary>
    public int MinimumRatedToShow { get; init; }

    /// <summary>Whether a window has enough ratings for people to be shown its percentage.</summary>
    public bool Shows(ScoreWindow window) => window.SatisfactionPercent is not null && window.Rated >= MinimumRatedToShow;

    /// <summary>Whether a month of the graph has enough ratings to be drawn as a bar.</summary>
    public bool Shows(MonthlyScore month) => month.SatisfactionPercent is not null && month.Rated >= MinimumRatedToShow;
}

public sealed record ScoreWindows(
    ScoreWindow Last7Days,
    ScoreWindow Last30Days,
    ScoreWindow Last90Days,
    ScoreWindow Last365Days,
    ScoreWindow AllTime);

/// <param name="Surveyed">Every accepted ticket in the window, as the contract defines it.</param>
/// <param name="NotSurveyed">Added in schema version 1 without breaking it: of the accepted tickets, those not asked (no usable email, unsubscribed or suppressed, surveyed within the cooldown, an internal address, reopened before a delayed email left).</param>
public sealed record ScoreWindow(
    int Surveyed,
    int Rated,
    int Excellent,
    int Satisfactory,
    int Unsatisfactory,
    decimal? SatisfactionPercent,
    decimal? ResponseRatePercent,
    int NotSurveyed = 0)
{
    /// <summary>Added on 2026-11-24: surveys whose email SendGrid delivered to the mailbox (and did not bounce since).</summary>
    public int Delivered { get; init; }

    /// <summary>Added on 2026-11-24: surveys whose email bounced or was dropped.</summary>
    public int Undeliverable { get; init; }

    /// <summary>Added on 2026-11-24: 100 * rated / delivered, one decimal; null when nothing was reported delivered.</summary>
    public decimal? ResponseRateOfDeliveredPercent { get; init; }

    /// <summary>Added on 2026-11-24: surveys that got their one reminder (<c>Csat__ReminderAfterDays</c>).</summary>
    public int Reminded { get; init; }

    /// <summary>Added in schema version 1: answers on the 1–5 scale by number, present only when there are some.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FivePointCounts? FivePoint { get; init; }

    /// <summary>Added in schema version 1: the Net Promoter Score of answers on the 0–10 scale, present only when there are some.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NpsSummary? Nps { get; init; }
}

/// <summary>How many answered each number on the 1–5 scale (4 and 5 count as satisfied).</summary>
public sealed record FivePointCounts(
    [property: JsonPropertyName("1")] int One,
    [property: JsonPropertyName("2")] int Two,
    [property: JsonPropertyName("3")] int Three,
    [property: JsonPropertyName("4")] int Four,
    [property: JsonPropertyName("5")] int Five)
{
    /// <returns>Null when nobody answered on the five-point scale.</returns>
    public static FivePointCounts? From(IReadOnlyDictionary<string, int> counts) =>
        counts.Values.Sum() == 0 ? null : new(counts.GetValueOrDefault("1"), counts.GetValueOrDefault("2"), counts.GetValueOrDefault("3"), counts.GetValueOrDefault("4"), counts.GetValueOrDefault("5"));
}

/// <summary>Promoters answered 9–10, passives 7–8, detractors 0–6; NPS = % promoters − % detractors, one decimal.</summary>
public sealed record NpsSummary(int Answered, int Promoters, int Passives, int Detractors, decimal Score)
{
    /// <returns>Null when nobody answered on the NPS scale.</returns>
    public static NpsSummary? From(IReadOnlyDictionary<string, int> counts)
    {
        var (promoters, passives, detractors) = (counts.GetValueOrDefault(NpsScale.Promoters), counts.GetValueOrDefault(NpsScale.Passives), counts.GetValueOrDefault(NpsScale.Detractors));
        var answered = promoters + passives + detractors;
        return answered == 0
            ? null
            : new(answered, promoters, passives, detractors, Math.Round(100m * (promoters - detractors) / answered, 1, MidpointRounding.AwayFromZero) + 0.0m);
    }
}

public sealed record MonthlyScore(string Month, int Surveyed, int Rated, decimal? SatisfactionPercent);
