using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk.Sections;

/// <summary>The period's figures by agent, channel, helpdesk, touchpoint, client company (each linking to its client report) and the team's tags, each table sortable by link.</summary>
public static class BreakdownSection
{
    private static readonly (string Title, Func<DeskReport, IReadOnlyDictionary<string, ScoreWindow>> Rows)[] Dimensions =
        [("By agent", r => r.ByAgent), ("By channel", r => r.ByChannel), ("By helpdesk", r => r.BySource), ("By touchpoint", r => r.ByTouchpoint), ("By company", r => r.ByCompany), ("By tag", r => r.ByTag)];

    public static Html Render(HttpRequest request, DeskReport report) =>
        Html.Join(Dimensions.Select(dimension => Table(request, dimension.Title, dimension.Rows(report))));

    /// <summary>A row's name; a company's links to its client report (the desk is at <c>/api/admin/desk</c>, so the link is relative).</summary>
    private static Html Name(string title, string key) =>
        key.Length == 0 ? Html.Of($"(none)")
        : title == "By company" ? Html.Of($"""<a href="companies/{CompanySegment.Of(key)}/report">{key}</a>""")
        : Html.Of($"{key}");

    private static Html Table(HttpRequest request, string title, IReadOnlyDictionary<string, ScoreWindow> rows)
    {
        if (rows.Count == 0)
        {
            return Html.Of($"""<h2>{title}</h2><p class="note">Nothing in this period.</p>""");
        }

        var sorted = request.Query["sort"].ToString() switch
        {
            "satisfied" => rows.OrderByDescending(r => r.Value.SatisfactionPercent ?? -1),
            "name" => rows.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase),
            _ => rows.OrderByDescending(r => r.Value.Rated),
        };
        var html = new HtmlBuilder()
            .Append($"""<h2>{title}</h2><table><thead><tr><th class="text"><a href="{DeskLinks.To(request, ("sort", "name"))}">Name</a></th>""")
            .Append($"""<th><a href="{DeskLinks.To(request, ("sort", "rated"))}">Rated</a></th>""")
            .Append($"""<th><a href="{DeskLinks.To(request, ("sort", "satisfied"))}">Satisfied</a></th><th class="text"></th><th>Response rate</th></tr></thead><tbody>""");
        foreach (var (key, window) in sorted)
        {
            html.Append(ScoreTableRows.Row(Name(title, key), window));
        }

        return html.Append($"</tbody></table>").ToHtml();
    }
}
