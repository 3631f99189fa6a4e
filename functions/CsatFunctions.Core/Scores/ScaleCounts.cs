using CsatFunctions.Ratings;

namespace CsatFunctions.Scores;

/// <summary>The numbers answered on the five-point and NPS scales, kept beside the contract's buckets.</summary>
public sealed record ScaleCounts(int One, int Two, int Three, int Four, int Five, int Promoters, int Passives, int Detractors)
{
    public static ScaleCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public int FivePointAnswers => One + Two + Three + Four + Five;

    public int NpsAnswers => Promoters + Passives + Detractors;

    public ScaleCounts Add(Scale scale, int? score) => (scale, score) switch
    {
        (Scale.FivePoint, 1) => this with { One = One + 1 },
        (Scale.FivePoint, 2) => this with { Two = Two + 1 },
        (Scale.FivePoint, 3) => this with { Three = Three + 1 },
        (Scale.FivePoint, 4) => this with { Four = Four + 1 },
        (Scale.FivePoint, 5) => this with { Five = Five + 1 },
        (Scale.Nps, >= 9) => this with { Promoters = Promoters + 1 },
        (Scale.Nps, >= 7) => this with { Passives = Passives + 1 },
        (Scale.Nps, >= 0) => this with { Detractors = Detractors + 1 },
        _ => this,
    };

    public ScaleCounts Plus(ScaleCounts other) => new(
        One + other.One, Two + other.Two, Three + other.Three, Four + other.Four, Five + other.Five,
        Promoters + other.Promoters, Passives + other.Passives, Detractors + other.Detractors);

    /// <summary>Reads the counts as rows stored them before they were stored by name: eight by position.</summary>
    public static ScaleCounts FromArray(int[] values) => values.Length == 8
        ? new(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])
        : Zero;
}
