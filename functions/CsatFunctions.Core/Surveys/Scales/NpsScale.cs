using System.Globalization;

namespace CsatFunctions.Surveys;

/// <summary>
/// 0 to 10, "how likely are you to recommend us": promoters (9–10) count as excellent, passives
/// (7–8) as satisfactory, detractors (0–6) as unsatisfactory, and a detractor alerts.
/// </summary>
public sealed class NpsScale : Scale
{
    public const string Promoters = "promoters";
    public const string Passives = "passives";
    public const string Detractors = "detractors";

    public override string Name => "nps";

    public override IReadOnlyList<string> Values { get; } = [.. Enumerable.Range(0, 11).Select(n => n.ToString(CultureInfo.InvariantCulture))];

    public override bool TryRead(string? value, out Rating bucket, out int? score)
    {
        score = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 10 ? number : null;
        bucket = score switch { >= 9 => Rating.Excellent, >= 7 => Rating.Satisfactory, _ => Rating.Unsatisfactory };
        return score is not null;
    }

    public override string Shown(Rating bucket, int? score) => $"NPS {score}";

    public override string? CountedAs(int? score) => score switch
    {
        >= 9 => Promoters,
        >= 7 => Passives,
        >= 0 => Detractors,
        _ => null,
    };
}
