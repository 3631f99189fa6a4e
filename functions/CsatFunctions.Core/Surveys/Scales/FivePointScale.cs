using System.Globalization;

namespace CsatFunctions.Surveys;

/// <summary>1 to 5: 5 is excellent, 4 satisfactory (so 4 and 5 count as satisfied), 1 to 3 unsatisfactory; a 1 alerts.</summary>
public sealed class FivePointScale : Scale
{
    public override string Name => "five-point";

    public override IReadOnlyList<string> Values { get; } = ["1", "2", "3", "4", "5"];

    public override bool TryRead(string? value, out Rating bucket, out int? score)
    {
        score = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 5 ? number : null;
        bucket = score switch { 5 => Rating.Excellent, 4 => Rating.Satisfactory, _ => Rating.Unsatisfactory };
        return score is not null;
    }

    public override bool IsBottom(Rating bucket, int? score) => score == 1;

    public override string Shown(Rating bucket, int? score) => $"{score} of 5";

    /// <summary>How many answered each number.</summary>
    public override string? CountedAs(int? score) => score?.ToString(CultureInfo.InvariantCulture);
}
