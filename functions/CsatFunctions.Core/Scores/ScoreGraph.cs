using System.Globalization;
using System.Net;
using System.Text;

namespace CsatFunctions.Scores;

/// <summary>
/// Monthly satisfaction over the last 24 months as inline SVG, drawn on the server so the page needs
/// no script. A month nobody rated has no bar (not a zero one), and every bar says what it shows.
/// </summary>
public static class ScoreGraph
{
    public const int Months = 24;
    private const int Width = 720;
    private const int Height = 240;
    private const int Left = 44;
    private const int Right = 28;
    private const int Top = 12;
    private const int PlotHeight = 180;

    /// <param name="title">What the graph shows, in the page's language.</param>
    public static string Render(ScoreDocument document, string title)
    {
        var current = DateOnly.FromDateTime(document.GeneratedAt);
        var byMonth = document.Monthly.ToDictionary(m => m.Month);
        var slot = (Width - Left - Right) / (double)Months;
        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"graph-title\">")
            .Append("<title id=\"graph-title\">").Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>")
            .Append("<style>text{font:11px system-ui,sans-serif;fill:#5a6270}.grid{stroke:#e3e6ea}.bar{fill:#2e8540}</style>");

        foreach (var percent in new[] { 0, 25, 50, 75, 100 })
        {
            var y = Top + PlotHeight - (PlotHeight * percent / 100.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{percent}%</text>");
        }

        for (var i = 0; i < Months; i++)
        {
            var month = new DateOnly(current.Year, current.Month, 1).AddMonths(i - Months + 1);
            var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var x = Left + (i * slot);
            if (byMonth.TryGetValue(key, out var score) && score.SatisfactionPercent is { } percent)
            {
                var height = PlotHeight * (double)percent / 100;
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" data-month=\"{key}\" x=\"{x + 3:0.#}\" y=\"{Top + PlotHeight - height:0.#}\" width=\"{slot - 6:0.#}\" height=\"{height:0.#}\">")
                   .Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(Label(month))}: {ScoreBadge.Percent(percent)} of {score.Rated} rated</title></rect>");
            }

            if (i % 3 == (Months - 1) % 3)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot / 2):0.#}\" y=\"{Top + PlotHeight + 18}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(Label(month))}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Label(DateOnly month) => month.ToString("MMM yyyy", CultureInfo.InvariantCulture);
}
