using CsatFunctions.Scores;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>
/// A row of a table of figures by something (an agent, a company, a month): its name, rated,
/// satisfied, a bar as long as the share satisfied (100px at 100%), and the response rate. The
/// desk's breakdowns and the client report draw their rows alike with it.
/// </summary>
public static class ScoreTableRows
{
    /// <summary>The columns the rows fill, after the name's: rated, satisfied, the bar, the response rate.</summary>
    public static Html Headings => Html.Of($"""<th>Rated</th><th>Satisfied</th><th class="text"></th><th>Response rate</th>""");

    /// <param name="name">The row's name, already marked up (a link, or "(none)").</param>
    public static Html Row(Html name, ScoreWindow window)
    {
        var width = (int)Math.Round(window.SatisfactionPercent ?? 0);
        return Html.Of($"""<tr><th scope="row">{name}</th><td>{window.Rated:N0}</td><td>{HeadlineSection.Percent(window.SatisfactionPercent)}</td>""" +
            $"""<td class="text"><span class="bar" style="width:{width}px"></span></td><td>{HeadlineSection.Percent(window.ResponseRatePercent)}</td></tr>""");
    }
}
