using System.Text;
using CsatFunctions.Desk.Sections;
using CsatFunctions.Ratings.Reasons;
using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Clients;

/// <summary>
/// A client report as a page: the desk's look, server-rendered, no script, readable on a phone, and
/// printed on A4 without the navigation and forms, headings kept with what follows them. The desk's
/// copy adds the period form and the share links (<paramref name="extra"/>); the client's copy is the report alone.
/// </summary>
public static class ClientReportPage
{
    /// <summary>Print on A4; on paper, no navigation or forms, and no row or answer cut across two pages.</summary>
    private const string Style =
        "@page{size:A4;margin:15mm}" +
        ".answer{border-bottom:1px solid #e3e6ea;padding:.4rem 0}.answer blockquote{margin:.3rem 0 0 1rem}.figures{max-width:36rem}" +
        ".share input[readonly]{width:100%;box-sizing:border-box}" +
        "@media (max-width:30rem){table{font-size:.78rem}th,td{padding:.25rem .2rem}}" +
        "@media print{body{background:#fff;padding:0;font-size:10.5pt}main{box-shadow:none;max-width:none;padding:0;border-radius:0}" +
        "nav,form,button,.no-print{display:none!important}h2{break-after:avoid;page-break-after:avoid}" +
        "tr,.answer,.keep{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}a{color:inherit;text-decoration:none}}";

    /// <param name="options">Who runs the surveys (<c>Csat__CompanyName</c>, above the title), and the reasons' words in <c>Csat__DefaultLocale</c>.</param>
    public static IResult Render(ClientReport report, CsatOptions options, Html extra, params (string Name, string Value)[] headers)
    {
        var title = $"Customer satisfaction: {report.Company}";
        string Reason(string slug) => ReasonOptions.Words(slug, options.Languages.Default, options.Languages);
        var body = Html.Join(
        [
            extra,
            Summary(report),
            Table("By month", "months", "Month", report.ByMonth, key => key, "No tickets in this period."),
            Table("By agent", "agents", "Agent", report.ByAgent, key => key, "No tickets in this period."),
            Table("Reasons given", "reasons", "Reason", report.ByReason, Reason, "No reasons given: customers at the bottom of the scale may tick one or more."),
            Answers(report, Reason),
            FollowUps(report),
        ]);
        var page = HtmlPage.Document(title, options.CompanyName, body, style: Style);
        return new HeaderResult(Results.Content(page, HtmlPage.ContentType, Encoding.UTF8, StatusCodes.Status200OK), [.. HtmlPage.Headers, .. headers]);
    }

    private static Html Summary(ClientReport report)
    {
        var (now, before, all) = (report.Total, report.Previous, report.AllClients);
        Html Row(string name, Func<ScoreWindow, string> figure) =>
            Html.Of($"""<tr><th scope="row">{name}</th><td>{figure(now)}</td><td>{figure(before)}</td><td>{figure(all)}</td></tr>""");
        var rows = Html.Join(
        [
            Row("Satisfied", w => HeadlineSection.Percent(w.SatisfactionPercent)),
            Row("Rated", w => w.Rated.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
            Row("Resolved tickets", w => w.Surveyed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
            Row("Response rate", w => HeadlineSection.Percent(w.ResponseRatePercent)),
            Row("Excellent / satisfactory / unsatisfactory", w => $"{w.Excellent} / {w.Satisfactory} / {w.Unsatisfactory}"),
        ]);
        return Html.Of($"""<section id="summary" class="keep"><h2>Summary</h2><p>Tickets resolved from {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd} (UTC days).</p>""" +
            $"""<table class="figures"><thead><tr><th class="text">Figure</th><th>This period</th><th>Period before</th><th>All clients</th></tr></thead><tbody>{rows}</tbody></table></section>""");
    }

    private static Html Table(string title, string id, string column, IReadOnlyDictionary<string, ScoreWindow> rows, Func<string, string> name, string none)
    {
        if (rows.Count == 0)
        {
            return Html.Of($"""<section id="{id}"><h2>{title}</h2><p class="note">{none}</p></section>""");
        }

        var html = new HtmlBuilder().Append($"""<section id="{id}"><h2>{title}</h2><table><thead><tr><th class="text">{column}</th>{ScoreTableRows.Headings}</tr></thead><tbody>""");
        foreach (var (key, window) in rows)
        {
            html.Append(ScoreTableRows.Row(key.Length == 0 ? Html.Of($"(none)") : Html.Of($"{name(key)}"), window));
        }

        return html.Append($"</tbody></table></section>").ToHtml();
    }

    private static Html Answers(ClientReport report, Func<string, string> reason)
    {
        var html = new HtmlBuilder().Append($"""<section id="answers"><h2>Answers and comments</h2>""");
        if (report.Answers.Count == 0)
        {
            html.Append($"""<p class="note">No answers in this period.</p>""");
        }

        foreach (var answer in report.Answers)
        {
            var score = answer.Score is { } number ? Html.Of($" ({number} on the {answer.Scale} scale)") : Html.Empty;
            var reasons = answer.Reasons.Count == 0 ? Html.Empty : Html.Of($" · reasons: {string.Join(", ", answer.Reasons.Select(reason))}");
            var comment = answer.Comment is null ? Html.Empty : Html.Of($"<blockquote>{answer.Comment}</blockquote>");
            html.Append($"""<div class="answer"><strong>{Capitalized(answer.Rating)}</strong>{score} · {answer.RatedAt.UtcDateTime:yyyy-MM-dd} · ticket {answer.TicketId}""")
                .Append($"""{(answer.Agent.Length > 0 ? Html.Of($" · {answer.Agent}") : Html.Empty)}{reasons}{comment}</div>""");
        }

        if (report.AnswersNotShown > 0)
        {
            html.Append($"""<p class="note">{report.AnswersNotShown:N0} older answer(s) of this period not shown.</p>""");
        }

        return html.Append($"</section>").ToHtml();
    }

    private static Html FollowUps(ClientReport report)
    {
        if (report.FollowUps.Count == 0)
        {
            return Html.Of($"""<section id="followups"><h2>Follow-ups and what was done</h2><p class="note">No follow-ups: every answer at the bottom of its scale opens one.</p></section>""");
        }

        // The client's copy leaves out who has it and the team's note: both are the team's working notes.
        var team = !report.Shared;
        var teamHeadings = team ? Html.Of($"""<th class="text">Owner</th><th class="text">What was done</th>""") : Html.Empty;
        var html = new HtmlBuilder().Append($"""<section id="followups"><h2>Follow-ups and what was done</h2><table><thead><tr><th class="text">Ticket</th><th class="text">Opened</th><th class="text">Status</th><th class="text">Closed</th>{teamHeadings}</tr></thead><tbody>""");
        foreach (var followUp in report.FollowUps)
        {
            var closed = followUp.ClosedAt is { } at ? Html.Of($"{at.UtcDateTime:yyyy-MM-dd}") : Html.Empty;
            html.Append($"""<tr><td class="text">{followUp.TicketId}</td><td class="text">{followUp.OpenedAt.UtcDateTime:yyyy-MM-dd}</td><td class="text">{followUp.Status}</td><td class="text">{closed}</td>""")
                .Append(team ? Html.Of($"""<td class="text">{followUp.Owner}</td><td class="text">{followUp.Note}</td>""") : Html.Empty)
                .Append($"</tr>");
        }

        return html.Append($"</tbody></table></section>").ToHtml();
    }

    private static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
