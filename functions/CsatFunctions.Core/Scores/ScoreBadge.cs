using System.Globalization;
using CsatFunctions.Web;

namespace CsatFunctions.Scores;

/// <summary>
/// A small flat SVG badge, "satisfaction | 97.6%", coloured by band. Plain SVG: no scripts, no
/// external fonts or images, and a title and aria-label so screen readers say what it shows.
/// </summary>
public static class ScoreBadge
{
    private const string Label = "satisfaction";

    public static string Render(ScoreDocument document, string windowName, ScoreWindow window)
    {
        var period = ScoreWindowName.Label(windowName);
        var (value, description) = window.Rated == 0
            ? ("no ratings yet", $"{Label}: no ratings yet, {period} ({document.Company})")
            : !document.Shows(window)
                ? ($"not enough ratings yet ({window.Rated} so far)", $"{Label}: not enough ratings yet ({window.Rated} so far, {document.MinimumRatedToShow} needed), {period} ({document.Company})")
                : ($"{Percent(window.SatisfactionPercent!.Value)} · {Ratings(window.Rated)}", $"{Label}: {Percent(window.SatisfactionPercent!.Value)}, based on {Ratings(window.Rated)}, {period} ({document.Company})");
        var colour = Colour(document.Shows(window) ? window.SatisfactionPercent : null);
        var labelWidth = Width(Label);
        var valueWidth = Width(value);
        var width = labelWidth + valueWidth;
        return Html.Of($"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{description}"><title>{description}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="{labelWidth}" height="20" fill="#555"/><rect x="{labelWidth}" width="{valueWidth}" height="20" fill="{colour}"/><rect width="{width}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="{labelWidth / 2.0}" y="14">{Label}</text><text x="{labelWidth + (valueWidth / 2.0)}" y="14">{value}</text></g></svg>
            """).ToString();
    }

    /// <summary>Bands as people read them: 95 and up is excellent, under 60 is a problem; grey until someone rates.</summary>
    public static string Colour(decimal? percent) => percent switch
    {
        null => "#9f9f9f",
        >= 95 => "#2e8540",
        >= 90 => "#4c9a2a",
        >= 80 => "#8a8d1b",
        >= 70 => "#b07d12",
        >= 60 => "#c65d21",
        _ => "#c0392b",
    };

    public static string Percent(decimal percent) => percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Ratings(int rated) => rated == 1 ? "1 rating" : rated.ToString("N0", CultureInfo.InvariantCulture) + " ratings";

    /// <summary>Verdana at 11px averages about 7px a character; 10px of padding either side of the text.</summary>
    private static int Width(string text) => (text.Length * 7) + 20;
}
