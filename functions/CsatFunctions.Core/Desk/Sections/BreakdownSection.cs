using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk.Sections;

/// <summary>The period's figures by agent, channel, helpdesk, touchpoint, client company (each linking to its client report) and the team's tags, each table sortable by link.</summary>
public static class BreakdownSection
{
    /// <summary>Each table: its title, its rows, and where a row's name links (null: nowhere).</summary>
    private static readonly (string Title, Func<DeskReport, IReadOnlyDictionary<string, ScoreWindow>> Rows, Func<string, string>? Link)[] Dimensions =
    [
        ("By agent", r => r.ByAgent, null), ("By channel", r => r.ByChannel, null), ("By helpdesk", r => r.BySource, null), ("By touchpoint", r => r.ByTouchpoint, null),

        // The desk is at /api/admin/desk, so the link to a company's client report is relative.
        ("By company", r => r.ByCompany, company => $"companies/{CompanySegment.Of(company)}/report"),
        ("By tag", r => r.ByTag, null),
    ];

    public static Html Render(HttpRequest request, DeskReport report) =>
        Html.Join(Dimensions.Select(dimension => Table(request, dimension.Title, dimension.Rows(report), dimension.Link)));

    private static Html Name(string key, Func<string, string>? link) =>
        key.Length == 0 ? Html.Of($"(none)")
        : link is not null ? Html.Of($"""<a href="{link(key)}">{key}</a>""")
        : Html.Of($"{key}");

    private static Html Table(HttpRequest request, string title, IReadOnlyDictionary<string, ScoreWindow> rows, Func<string, string>? link)
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
            html.Append(ScoreTableRows.Row(Name(key, link), window));
        }

        return html.Append($"</tbody></table>").ToHtml();
    }
}
