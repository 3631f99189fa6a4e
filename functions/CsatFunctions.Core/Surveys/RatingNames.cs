namespace CsatFunctions.Surveys;

/// <summary>The wire and display names of each rating; the wire names are the contract's.</summary>
public static class RatingNames
{
    public static IReadOnlyList<Rating> All { get; } = [Rating.Excellent, Rating.Satisfactory, Rating.Unsatisfactory];

    public static string ToWire(this Rating rating) => rating switch
    {
        Rating.Excellent => "excellent",
        Rating.Satisfactory => "satisfactory",
        Rating.Unsatisfactory => "unsatisfactory",
        _ => throw new ArgumentOutOfRangeException(nameof(rating)),
    };

    public static string ToDisplay(this Rating rating) => rating switch
    {
        Rating.Excellent => "Excellent",
        Rating.Satisfactory => "Satisfactory",
        Rating.Unsatisfactory => "Unsatisfactory",
        _ => throw new ArgumentOutOfRangeException(nameof(rating)),
    };

    public static bool TryParse(string? value, out Rating rating)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(value, candidate.ToWire(), StringComparison.Ordinal))
            {
                rating = candidate;
                return true;
            }
        }

        rating = default;
        return false;
    }
}
