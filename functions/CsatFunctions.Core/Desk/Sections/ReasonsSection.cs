using CsatFunctions.Ratings.Reasons;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>
/// Why customers answered at the bottom of the scale: each reason's count in the period, in the
/// words of <c>Csat__DefaultLocale</c> (an answer with two reasons counts under both). No share is
/// shown: the daily counts do not keep the number of bottom answers a share would be of (on the
/// five-point scale the unsatisfied answers include the 2s, which are offered no reasons).
/// </summary>
public static class ReasonsSection
{
    public static Html Render(CsatOptions options, DeskReport report)
    {
        var html = new HtmlBuilder().Append($"""<h2 id="reasons">By reason</h2>""");
        if (report.ByReason.Count == 0)
        {
            return html.Append($"""<p class="note">No reasons given in this period.</p>""").ToHtml();
        }

        // Configured reasons first, in the form's order; then any reason since taken out of Csat__Reasons.
        var order = options.Reasons.Slugs.Select((slug, index) => (slug, index)).ToDictionary(p => p.slug, p => p.index, StringComparer.Ordinal);
        var rows = report.ByReason
            .OrderBy(reason => order.GetValueOrDefault(reason.Key, int.MaxValue))
            .ThenBy(reason => reason.Key, StringComparer.Ordinal);
        html.Append($"""<table><thead><tr><th class="text">Reason</th><th>Answers</th></tr></thead><tbody>""");
        foreach (var (slug, window) in rows)
        {
            html.Append($"""<tr><th scope="row">{ReasonOptions.Words(slug, options.Languages.Default, options.Languages)}</th><td>{window.Rated:N0}</td></tr>""");
        }

        return html.Append($"</tbody></table>").ToHtml();
    }
}
