using System.Globalization;
using CsatFunctions.Campaigns;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>Each relationship campaign: its figures, the trend by round, and the newest reasons given.</summary>
public static class CampaignsSection
{
    public static Html Render(List<CampaignReport> reports) =>
        reports.Count == 0
            ? Html.Of($"<h2 id=\"campaigns\">Relationship NPS campaigns</h2><p class=\"note\">No campaigns. Define one with PUT /api/admin/campaigns/{{name}} and import its customers.</p>")
            : Html.Of($"""<h2 id="campaigns">Relationship NPS campaigns</h2>{Html.Join(reports.Select(Campaign))}""");

    private static Html Campaign(CampaignReport report)
    {
        var all = new NpsFigures(report.Asked, report.Answered, report.Promoters, report.Passives, report.Detractors, report.Nps);
        var rounds = Html.Join(report.Rounds.Select(r => Round($"Round {r.Round}", r.Figures)).Append(Round("All", all)));
        var comments = Html.Join(report.Comments.Take(10).Select(comment =>
            Html.Of($"""<p><strong>{comment.Score}</strong> {comment.Comment} <span class="note">{comment.AnsweredAt.UtcDateTime:yyyy-MM-dd}</span></p>""")));
        return Html.Of($"""<h3>{report.Name}</h3><p class="note">{report.Customers:N0} customers, asked every {report.EveryDays} days, at most {report.PerDay} a day, {report.SendDays} {report.SendHours} {report.TimeZone}</p>""" +
            $"""<table><thead><tr><th class="text">Round</th><th>Asked</th><th>Answered</th><th>Promoters</th><th>Passives</th><th>Detractors</th><th>NPS</th></tr></thead><tbody>{rounds}</tbody></table>{comments}""");
    }

    private static Html Round(string label, NpsFigures figures) =>
        Html.Of($"""<tr><th scope="row">{label}</th><td>{figures.Asked:N0}</td><td>{figures.Answered:N0}</td><td>{figures.Promoters:N0}</td><td>{figures.Passives:N0}</td>""" +
            $"""<td>{figures.Detractors:N0}</td><td>{figures.Nps?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–"}</td></tr>""");
}
