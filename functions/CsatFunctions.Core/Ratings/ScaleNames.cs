namespace CsatFunctions.Ratings;

/// <summary>Scales by their wire names, and what each one's answers are and mean.</summary>
public static class ScaleNames
{
    public static string ToWire(this Scale scale) => scale switch
    {
        Scale.FivePoint => "five-point",
        Scale.Nps => "nps",
        _ => "three-level",
    };

    public static bool TryParse(string? value, out Scale scale)
    {
        foreach (var candidate in new[] { Scale.ThreeLevel, Scale.FivePoint, Scale.Nps })
        {
            if (string.Equals(value, candidate.ToWire(), StringComparison.OrdinalIgnoreCase))
            {
                scale = candidate;
                return true;
            }
        }

        scale = default;
        return false;
    }

    /// <summary>The answers a survey on this scale offers, as (wire value, label), best last for numbers.</summary>
    public static IReadOnlyList<(string Value, string Label)> Choices(this Scale scale) => scale switch
    {
        Scale.FivePoint => [("1", "1 (poor)"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 (excellent)")],
        Scale.Nps => [.. Enumerable.Range(0, 11).Select(n => (n.ToString(System.Globalization.CultureInfo.InvariantCulture), n switch { 0 => "0 (not at all likely)", 10 => "10 (extremely likely)", _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture) }))],
        _ => [.. RatingNames.All.Select(r => (r.ToWire(), r.ToDisplay()))],
    };

    /// <summary>Reads an answer on this scale: the contract bucket it falls in, and the number given (null on the three-level scale).</summary>
    public static bool TryRead(this Scale scale, string? value, out Rating bucket, out int? score)
    {
        score = null;
        if (scale == Scale.ThreeLevel)
        {
            return RatingNames.TryParse(value, out bucket);
        }

        var (low, high) = scale == Scale.FivePoint ? (1, 5) : (0, 10);
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= low && number <= high)
        {
            score = number;
            bucket = scale == Scale.FivePoint
                ? number switch { 5 => Rating.Excellent, 4 => Rating.Satisfactory, _ => Rating.Unsatisfactory }
                : number switch { >= 9 => Rating.Excellent, >= 7 => Rating.Satisfactory, _ => Rating.Unsatisfactory };
            return true;
        }

        bucket = default;
        return false;
    }

    /// <summary>The answer as shown and sent back: the word on the three-level scale, the number otherwise.</summary>
    public static string Show(Rating bucket, int? score) => score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? bucket.ToDisplay();

    public static string Wire(Rating bucket, int? score) => score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? bucket.ToWire();

    /// <summary>The bottom of the scale, which alerts: unsatisfactory, a 1 of 5, or an NPS detractor.</summary>
    public static bool IsBottom(this Scale scale, Rating bucket, int? score) => scale switch
    {
        Scale.FivePoint => score == 1,
        _ => bucket == Rating.Unsatisfactory,
    };

    public static string Question(this Scale scale, string company) => scale == Scale.Nps
        ? $"How likely are you to recommend {company} to a friend or colleague?"
        : "How would you rate the help you got?";
}
