using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>One UTC day's surveys and ratings: the unit the aggregator recounts and the windows add up.</summary>
/// <param name="Surveyed">Every accepted ticket, as the contract counts them.</param>
/// <param name="NotSurveyed">Of those, the ones not asked, for any of <see cref="Surveys.SkipReasons"/>.</param>
public sealed record DailyTally(DateOnly Day, int Surveyed, int Excellent, int Satisfactory, int Unsatisfactory, int NotSurveyed = 0)
{
    public int Rated => Excellent + Satisfactory + Unsatisfactory;

    /// <summary>The same day's counts by each <see cref="Breakdown"/>'s name, then by key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, DailyTally>> Breakdowns { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, DailyTally>>();

    /// <summary>Answers on the five-point and NPS scales by number; they are in the buckets above too.</summary>
    public ScaleCounts Scales { get; init; } = ScaleCounts.Zero;

    /// <summary>Surveys whose email SendGrid delivered, and not undeliverable since.</summary>
    public int Delivered { get; init; }

    /// <summary>Surveys whose email bounced or was dropped.</summary>
    public int Undeliverable { get; init; }

    /// <summary>Surveys that got their one reminder.</summary>
    public int Reminded { get; init; }

    public static DailyTally None(DateOnly day) => new(day, 0, 0, 0, 0);

    /// <summary>One breakdown's counts for this day; empty when the day has none.</summary>
    public IReadOnlyDictionary<string, DailyTally> By(string breakdown) =>
        Breakdowns.TryGetValue(breakdown, out var keyed) ? keyed : new Dictionary<string, DailyTally>();

    /// <summary>This tally with one more ticket counted.</summary>
    public DailyTally Add(Rating? rating, bool notSurveyed, Scale? scale = null, int? score = null, DeliveryState delivery = DeliveryState.Unknown, bool reminded = false) => this with
    {
        Delivered = Delivered + (delivery == DeliveryState.Delivered ? 1 : 0),
        Undeliverable = Undeliverable + (delivery == DeliveryState.Undeliverable ? 1 : 0),
        Reminded = Reminded + (reminded ? 1 : 0),
        Scales = rating is null || scale is null ? Scales : Scales.Add(scale, score),
        Surveyed = Surveyed + 1,
        Excellent = Excellent + (rating == Rating.Excellent ? 1 : 0),
        Satisfactory = Satisfactory + (rating == Rating.Satisfactory ? 1 : 0),
        Unsatisfactory = Unsatisfactory + (rating == Rating.Unsatisfactory ? 1 : 0),
        NotSurveyed = NotSurveyed + (notSurveyed ? 1 : 0),
    };
}
