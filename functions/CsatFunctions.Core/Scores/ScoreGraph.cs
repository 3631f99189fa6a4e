using System.Globalization;
using CsatFunctions.Languages;
using CsatFunctions.Web;

namespace CsatFunctions.Scores;

/// <summary>
/// Monthly satisfaction as inline SVG, drawn on the server so the page needs no script. It is drawn
/// twice: the last 24 months for a wide screen and the last 12 for a phone, each in a viewBox sized so
/// its bars stay tall and its text readable where the page's styles (<see cref="Style"/>) show it; a
/// viewBox that scales one drawing to every width shrinks its text to nothing on a phone.
/// A month with ratings, but fewer than <c>Csat__MinimumRatedToShow</c>, has no bar: a dashed empty
/// slot says so, as the headline does for a window. A month nobody rated has nothing (not a zero bar).
/// </summary>
public static class ScoreGraph
{
    public const int Months = 24;
    public const int PhoneMonths = 12;

    // Room above a full bar for its value, and below the plot for two lines of month label.
    private const int Top = 22;
    private const int PlotHeight = 180;
    private const int Height = Top + PlotHeight + 40;

    /// <summary>One drawing: how many months, and its width in viewBox units (the text is 13 units high in both).</summary>
    private sealed record Layout(string Name, int Months, int Width, int Left, int Right, string TitleKey);

    private static readonly Layout[] Layouts =
    [
        new("wide", Months, 720, 46, 10, "page.graphTitle"),
        new("narrow", PhoneMonths, 320, 42, 8, "page.graphTitleShort"),
    ];

    /// <summary>
    /// The styles the page carries for the graph: the phone's drawing below 48rem, where the wide one's
    /// text would fall under 10 px, the wide one from there on.
    /// </summary>
    public const string Style =
        "figure.graph{margin:1rem 0}svg.graph{display:block;width:100%;height:auto;margin:0 auto}svg.graph.narrow{max-width:24rem}svg.graph.wide{display:none}" +
        "@media (min-width:48rem){svg.graph.wide{display:block}svg.graph.narrow{display:none}}" +
        "svg.graph text{font:13px system-ui,sans-serif;fill:#5a6270}svg.graph text.value{font-size:12px;fill:#1d2330}svg.graph .grid{stroke:#e3e6ea}" +
        "svg.graph rect.bar{fill:#2e8540}svg.graph rect.few{fill:#f4f5f7;stroke:#9aa1ab;stroke-dasharray:4 3}" +
        "span.few{display:inline-block;width:.8em;height:.8em;background:#f4f5f7;border:1px dashed #9aa1ab;vertical-align:-.1em}";

    public static Html Render(ScoreDocument document, Language language) =>
        Html.Of($"""<figure class="graph">{Html.Join(Layouts.Select(layout => Render(document, language, layout)))}""" +
            $"""<figcaption class="note"><span class="few"></span> {language.Text("page.graphLegend", ("minimum", document.MinimumRatedToShow))}</figcaption></figure>""");

    private static Html Render(ScoreDocument document, Language language, Layout layout)
    {
        var current = DateOnly.FromDateTime(document.GeneratedAt);
        var byMonth = document.Monthly.ToDictionary(m => m.Month);
        var slot = (layout.Width - layout.Left - layout.Right) / (double)layout.Months;
        var titleId = "graph-title-" + layout.Name;
        var svg = new HtmlBuilder()
            .Append($"""<svg xmlns="http://www.w3.org/2000/svg" class="graph {layout.Name}" viewBox="0 0 {layout.Width} {Height}" role="img" aria-labelledby="{titleId}">""")
            .Append($"""<title id="{titleId}">{language.Text(layout.TitleKey)}</title>""");

        foreach (var percent in new[] { 0, 25, 50, 75, 100 })
        {
            var y = Top + PlotHeight - (PlotHeight * percent / 100.0);
            svg.Append($"""<line class="grid" x1="{layout.Left}" x2="{layout.Width - layout.Right}" y1="{y:0.#}" y2="{y:0.#}"/>""")
               .Append($"""<text x="{layout.Left - 5}" y="{y + 4:0.#}" text-anchor="end">{percent}%</text>""");
        }

        for (var i = 0; i < layout.Months; i++)
        {
            var month = new DateOnly(current.Year, current.Month, 1).AddMonths(i - layout.Months + 1);
            var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var name = $"{language.MonthName(month.Month)} {month.Year.ToString(CultureInfo.InvariantCulture)}";
            var (x, middle) = (layout.Left + (i * slot), layout.Left + ((i + 0.5) * slot));
            if (byMonth.TryGetValue(key, out var score) && document.Shows(score))
            {
                var percent = score.SatisfactionPercent!.Value;
                var height = PlotHeight * (double)percent / 100;
                var title = language.Plural("page.graphBar", score.Rated, ("month", name), ("percent", ScoreBadge.Percent(percent)), ("rated", score.Rated));
                svg.Append($"""<rect class="bar" data-month="{key}" x="{x + 3:0.#}" y="{Top + PlotHeight - height:0.#}" width="{slot - 6:0.#}" height="{height:0.#}"><title>{title}</title></rect>""")
                   .Append($"""<text class="value" x="{middle:0.#}" y="{Top + PlotHeight - height - 5:0.#}" text-anchor="middle">{Math.Round(percent, MidpointRounding.AwayFromZero):0}</text>""");
            }
            else if (score is { Rated: > 0 })
            {
                var title = language.Plural("page.graphFew", score.Rated, ("month", name), ("rated", score.Rated), ("minimum", document.MinimumRatedToShow));
                svg.Append($"""<rect class="few" data-month="{key}" x="{x + 3:0.#}" y="{Top}" width="{slot - 6:0.#}" height="{PlotHeight}"><title>{title}</title></rect>""");
            }

            // Every third month is named, counting back from this one, on two lines so a phone's narrow slots hold them.
            if (i % 3 == (layout.Months - 1) % 3)
            {
                svg.Append($"""<text x="{middle:0.#}" y="{Top + PlotHeight + 18}" text-anchor="middle">{language.MonthName(month.Month, abbreviated: true)}""")
                   .Append($"""<tspan x="{middle:0.#}" dy="15">{month.Year}</tspan></text>""");
            }
        }

        return svg.Append($"</svg>").ToHtml();
    }
}
