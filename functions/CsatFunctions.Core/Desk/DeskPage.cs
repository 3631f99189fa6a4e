using System.Globalization;
using System.Text;
using CsatFunctions.Admin;
using CsatFunctions.Ratings;
using CsatFunctions.Campaigns;
using CsatFunctions.Ratings.Comments;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CsatFunctions.Desk;

/// <summary>
/// <c>GET /api/admin/desk</c>: the support team's page, server-rendered, complete without
/// JavaScript: a period's figures against the period before, the breakdowns (sortable by link), the
/// newest answers with filters and the CSV of them, the follow-ups with a form each, and the tickets
/// counted but not asked. A viewer sees the same without the forms.
/// </summary>
public sealed class DeskPage(
    CsatOptions options,
    DeskSessions sessions,
    DeskReports reports,
    AnswerFeed feed,
    FollowUpTable followUps,
    CommentTable comments,
    NotSurveyedTicketsEndpoint notSurveyed,
    CampaignReports campaigns,
    TimeProvider time)
{
    public const int FeedRows = 50;

    private static readonly (string Name, string Title)[] Dimensions =
        [(Breakdowns.Agent, "By agent"), (Breakdowns.Channel, "By channel"), (Breakdowns.Source, "By helpdesk"), (Breakdowns.Touchpoint, "By touchpoint")];

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (RatingsEndpoint.Read(request, time.GetUtcNow(), out _) is not { } query)
        {
            return HtmlPage.Render(StatusCodes.Status400BadRequest, "The desk", options.CompanyName, "<p class=\"error\">That period or filter is not valid. <a href=\"desk\">Show the last 30 days</a>.</p>", wide: true);
        }

        // A script with the admin key may read the page too; only a viewer's session hides the forms.
        var session = await sessions.OfAsync(request, cancellationToken);
        var canChange = session is null || session.Role == DeskRole.Admin;
        var report = await reports.BuildAsync(query.Range, cancellationToken);
        var answers = new List<AnswerItem>(FeedRows + 1);
        await foreach (var item in feed.ReadAsync(query.Range, query.Filter, query.After, cancellationToken))
        {
            answers.Add(item);
            if (answers.Count > FeedRows)
            {
                break;
            }
        }

        var work = (await followUps.ListAsync(null, null, cancellationToken))
            .Where(f => f.Status is FollowUpStatus.Open or FollowUpStatus.Contacted || (f.ResolvedDay >= query.Range.From && f.ResolvedDay <= query.Range.To))
            .OrderBy(f => f.Status).ThenBy(f => f.OpenedAt)
            .ToList();
        var notAsked = await notSurveyed.ListAsync(query.Range, cancellationToken);
        var consented = (await comments.ReadAllAsync(cancellationToken)).Take(CommentsDocument.MaxComments).ToList();
        var campaignReports = await campaigns.BuildAllAsync(cancellationToken);

        var html = new StringBuilder();
        Header(html, session, query.Range);
        Headline(html, report);
        foreach (var (name, title) in Dimensions)
        {
            Breakdown(html, request, title, name switch
            {
                Breakdowns.Agent => report.ByAgent,
                Breakdowns.Channel => report.ByChannel,
                Breakdowns.Source => report.BySource,
                _ => report.ByTouchpoint,
            });
        }

        Feed(html, request, query, answers);
        FollowUps(html, work, canChange ? session?.CsrfToken ?? "" : null);
        Comments(html, consented, canChange ? session?.CsrfToken ?? "" : null);
        NotAsked(html, notAsked);
        Campaigns(html, campaignReports);
        return HtmlPage.Render(StatusCodes.Status200OK, "The desk", options.CompanyName, html.ToString(), wide: true);
    }

    private static void Header(StringBuilder html, DeskSession? session, DayRange range)
    {
        html.Append("<nav><span class=\"note\">")
            .Append(session is null ? "Admin key" : session.Role == DeskRole.Admin ? "Signed in with the admin key" : "Signed in read-only (viewer key)")
            .Append("</span> ");
        if (session is not null)
        {
            html.Append("<form class=\"inline\" method=\"post\" action=\"").Append(CsatRoutes.AdminSessionPath).Append("\"><input type=\"hidden\" name=\"signOut\" value=\"1\"><button type=\"submit\">Sign out</button></form>");
        }

        html.Append("</nav><form method=\"get\" action=\"desk\"><p>Resolved from <input type=\"date\" name=\"from\" value=\"").Append(Day(range.From))
            .Append("\"> to <input type=\"date\" name=\"to\" value=\"").Append(Day(range.To)).Append("\"> <button type=\"submit\">Show</button></p></form>");
    }

    private static void Headline(StringBuilder html, DeskReport report)
    {
        var (now, before) = (report.Total, report.Previous);
        html.Append(CultureInfo.InvariantCulture, $"<h2>{Day(report.From)} to {Day(report.To)}</h2>")
            .Append("<table><thead><tr><th class=\"text\">Figure</th><th>This period</th><th>Period before</th><th>Change</th></tr></thead><tbody>");
        Row("Satisfied", now.SatisfactionPercent, before.SatisfactionPercent);
        Count("Rated", now.Rated, before.Rated);
        Count("Resolved tickets", now.Surveyed, before.Surveyed);
        Row("Response rate", now.ResponseRatePercent, before.ResponseRatePercent);
        Row("Response rate of delivered", now.ResponseRateOfDeliveredPercent, before.ResponseRateOfDeliveredPercent);
        Count("Undeliverable", now.Undeliverable, before.Undeliverable);
        Count("Not asked", now.NotSurveyed, before.NotSurveyed);
        html.Append("</tbody></table>");

        var followUps = report.FollowUps;
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{followUps.Open} open follow-up(s)</strong>, {followUps.Contacted} contacted, {followUps.Resolved} resolved, {followUps.Recovered} recovered by the customer's own new answer. ")
            .Append(followUps.MedianHoursToFirstContact is { } hours ? $"Median time to first contact: {hours.ToString("0.0", CultureInfo.InvariantCulture)} hours." : "No customer contacted yet in this period.")
            .Append(" <a href=\"#followups\">Follow-ups</a></p>");

        void Row(string name, decimal? value, decimal? previous) =>
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{name}</th><td>{Percent(value)}</td><td>{Percent(previous)}</td><td>{(value is { } a && previous is { } b ? Signed(a - b) + " points" : "–")}</td></tr>");

        void Count(string name, int value, int previous) =>
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{name}</th><td>{value:N0}</td><td>{previous:N0}</td><td>{Signed(value - previous)}</td></tr>");
    }

    private static void Breakdown(StringBuilder html, HttpRequest request, string title, IReadOnlyDictionary<string, ScoreWindow> rows)
    {
        var sort = request.Query["sort"].ToString();
        var sorted = sort switch
        {
            "satisfied" => rows.OrderByDescending(r => r.Value.SatisfactionPercent ?? -1),
            "name" => rows.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase),
            _ => rows.OrderByDescending(r => r.Value.Rated),
        };
        html.Append("<h2>").Append(title).Append("</h2>");
        if (rows.Count == 0)
        {
            html.Append("<p class=\"note\">Nothing in this period.</p>");
            return;
        }

        html.Append("<table><thead><tr><th class=\"text\"><a href=\"").Append(Link(request, ("sort", "name"))).Append("\">Name</a></th>")
            .Append("<th><a href=\"").Append(Link(request, ("sort", "rated"))).Append("\">Rated</a></th>")
            .Append("<th><a href=\"").Append(Link(request, ("sort", "satisfied"))).Append("\">Satisfied</a></th><th class=\"text\"></th><th>Response rate</th></tr></thead><tbody>");
        foreach (var (key, window) in sorted)
        {
            var width = (int)Math.Round(window.SatisfactionPercent ?? 0);
            html.Append("<tr><th scope=\"row\">").Append(HtmlPage.Encode(key.Length == 0 ? "(none)" : key)).Append("</th>")
                .Append(CultureInfo.InvariantCulture, $"<td>{window.Rated:N0}</td><td>{Percent(window.SatisfactionPercent)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"text\"><span class=\"bar\" style=\"width:{width}px\"></span></td><td>{Percent(window.ResponseRatePercent)}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private void Feed(StringBuilder html, HttpRequest request, RatingsEndpoint.FeedQuery query, List<AnswerItem> answers)
    {
        var filter = query.Filter;
        html.Append("<h2 id=\"answers\">What customers said</h2><form method=\"get\" action=\"desk#answers\"><p>")
            .Append("<input type=\"hidden\" name=\"from\" value=\"").Append(Day(query.Range.From)).Append("\"><input type=\"hidden\" name=\"to\" value=\"").Append(Day(query.Range.To)).Append("\">")
            .Append("<label>Rating <select name=\"rating\"><option value=\"\">any</option>");
        foreach (var rating in new[] { Rating.Excellent, Rating.Satisfactory, Rating.Unsatisfactory })
        {
            html.Append("<option").Append(filter.Rating == rating ? " selected" : "").Append('>').Append(rating.ToWire()).Append("</option>");
        }

        html.Append("</select></label> <label>Agent <input name=\"agent\" value=\"").Append(HtmlPage.Encode(filter.Agent ?? "")).Append("\"></label> ")
            .Append("<label>Comment <select name=\"withComment\"><option value=\"\">any</option><option value=\"true\"").Append(filter.WithComment == true ? " selected" : "").Append(">with</option>")
            .Append("<option value=\"false\"").Append(filter.WithComment == false ? " selected" : "").Append(">without</option></select></label> ")
            .Append("<button type=\"submit\">Filter</button> <a href=\"ratings.csv").Append(HtmlPage.Encode(Query(request, ("continuationToken", null), ("sort", null)))).Append("\">Download CSV</a></p></form>");
        if (answers.Count == 0)
        {
            html.Append("<p class=\"note\">No answers match.</p>");
            return;
        }

        html.Append("<table><thead><tr><th class=\"text\">Answered</th><th class=\"text\">Rating</th><th class=\"text\">Comment</th><th class=\"text\">Agent</th><th class=\"text\">Channel</th><th class=\"text\">Ticket</th><th class=\"text\">Customer</th><th class=\"text\">Follow-up</th></tr></thead><tbody>");
        foreach (var item in answers.Take(FeedRows))
        {
            var ticket = HtmlPage.Encode($"{item.Source} {item.TicketId}");
            html.Append("<tr><td class=\"text\">").Append(item.RatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(item.Score is { } score ? $"{item.Rating} ({score})" : item.Rating)).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(item.Comment ?? "")).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(item.Agent)).Append("</td><td class=\"text\">").Append(HtmlPage.Encode(item.Channel)).Append("</td>")
                .Append("<td class=\"text\">").Append(item.TicketUrl is { } url ? $"<a href=\"{HtmlPage.Encode(url.AbsoluteUri)}\" rel=\"noreferrer\">{ticket}</a>" : ticket).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(item.CustomerName ?? item.CustomerEmail ?? "")).Append("</td>")
                .Append("<td class=\"text\">").Append(item.FollowUp is { } status ? $"<a href=\"#followup-{item.SurveyId}\">{status}</a>" : "").Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        if (answers.Count > FeedRows)
        {
            var last = answers[FeedRows - 1];
            var next = new FeedPosition(DateOnly.FromDateTime(last.ResolvedAt.UtcDateTime), last.RatedAt.UtcTicks, last.SurveyId).Token;
            html.Append("<p><a href=\"").Append(Link(request, ("continuationToken", next))).Append("#answers\">Older answers</a></p>");
        }
    }

    private void FollowUps(StringBuilder html, List<FollowUp> work, string? csrf)
    {
        html.Append("<h2 id=\"followups\">Follow-ups</h2>");
        if (work.Count == 0)
        {
            html.Append("<p class=\"note\">No follow-ups: every answer at the bottom of its scale opens one.</p>");
            return;
        }

        html.Append("<table><thead><tr><th class=\"text\">Ticket</th><th class=\"text\">Agent</th><th class=\"text\">Rating</th><th class=\"text\">Opened</th><th class=\"text\">Status</th><th class=\"text\">Owner and note</th></tr></thead><tbody>");
        foreach (var followUp in work)
        {
            var ticket = HtmlPage.Encode($"{followUp.Source} {followUp.TicketId}");
            html.Append("<tr id=\"followup-").Append(followUp.SurveyId).Append("\"><td class=\"text\">")
                .Append(options.TicketUrl(followUp.Source, followUp.TicketId) is { } url ? $"<a href=\"{HtmlPage.Encode(url.AbsoluteUri)}\" rel=\"noreferrer\">{ticket}</a>" : ticket).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(followUp.Agent)).Append("</td><td class=\"text\">").Append(HtmlPage.Encode(followUp.Rating)).Append("</td>")
                .Append("<td class=\"text\">").Append(followUp.OpenedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"text\">").Append(FollowUpTable.Name(followUp.Status)).Append("</td><td class=\"text\">");
            if (csrf is null || followUp.Status == FollowUpStatus.Recovered)
            {
                html.Append(HtmlPage.Encode(followUp.Owner)).Append(followUp.Owner.Length > 0 ? ": " : "").Append(HtmlPage.Encode(followUp.Note));
            }
            else
            {
                html.Append("<form method=\"post\" action=\"followups/").Append(followUp.SurveyId).Append("\"><input type=\"hidden\" name=\"").Append(DeskSessions.CsrfField).Append("\" value=\"").Append(HtmlPage.Encode(csrf)).Append("\">")
                    .Append("<select name=\"status\" aria-label=\"Status\">");
                foreach (var status in new[] { FollowUpStatus.Open, FollowUpStatus.Contacted, FollowUpStatus.Resolved })
                {
                    html.Append("<option").Append(status == followUp.Status ? " selected" : "").Append('>').Append(FollowUpTable.Name(status)).Append("</option>");
                }

                html.Append("</select> <input name=\"owner\" aria-label=\"Owner\" placeholder=\"owner\" value=\"").Append(HtmlPage.Encode(followUp.Owner)).Append("\"> ")
                    .Append("<input name=\"note\" aria-label=\"Note\" placeholder=\"what was done\" value=\"").Append(HtmlPage.Encode(followUp.Note)).Append("\"> ")
                    .Append("<button type=\"submit\">Save</button></form>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>The comments customers allowed us to publish, as the public sees them, with the only ways to remove one.</summary>
    private static void Comments(StringBuilder html, List<ConsentedComment> consented, string? csrf)
    {
        html.Append("<h2 id=\"comments\">Published comments</h2><p class=\"note\">Published whatever their rating; removed only for personal data, abuse or spam, and the public page counts removals by reason. Changes show at the next refresh.</p>");
        if (consented.Count == 0)
        {
            html.Append("<p class=\"note\">No customer has allowed us to publish a comment yet.</p>");
            return;
        }

        html.Append("<table><thead><tr><th class=\"text\">Answered</th><th class=\"text\">Rating</th><th class=\"text\">Comment</th><th class=\"text\">Author</th><th class=\"text\">Shown</th></tr></thead><tbody>");
        foreach (var comment in consented)
        {
            html.Append("<tr><td class=\"text\">").Append(comment.RatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(comment.Rating)).Append("</td><td class=\"text\">").Append(HtmlPage.Encode(comment.Comment)).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(comment.Author ?? "(no name)")).Append("</td><td class=\"text\">");
            var hidden = csrf is null ? "" : $"<input type=\"hidden\" name=\"{DeskSessions.CsrfField}\" value=\"{HtmlPage.Encode(csrf)}\">";
            if (comment.RemovedBecause is { } reason)
            {
                html.Append("removed: ").Append(HtmlPage.Encode(reason));
                if (csrf is not null)
                {
                    html.Append(" <form class=\"inline\" method=\"post\" action=\"comments/").Append(comment.SurveyId).Append("/restore\">").Append(hidden).Append("<button type=\"submit\">Restore</button></form>");
                }
            }
            else
            {
                html.Append("yes");
                if (csrf is not null)
                {
                    html.Append(" <form class=\"inline\" method=\"post\" action=\"comments/").Append(comment.SurveyId).Append("/remove\">").Append(hidden)
                        .Append("<select name=\"reason\" aria-label=\"Reason\">").Append(string.Concat(CommentTable.RemovalReasons.Select(r => $"<option>{r}</option>"))).Append("</select> <button type=\"submit\">Remove</button></form>");
                }
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void NotAsked(StringBuilder html, List<NotSurveyedTicket> tickets)
    {
        html.Append("<h2 id=\"not-asked\">Counted but not asked</h2>");
        if (tickets.Count == 0)
        {
            html.Append("<p class=\"note\">Every ticket of the period was asked.</p>");
            return;
        }

        html.Append("<table><thead><tr><th class=\"text\">Ticket</th><th class=\"text\">Resolved</th><th class=\"text\">Why not</th><th class=\"text\">Channel</th><th class=\"text\">Agent</th></tr></thead><tbody>");
        foreach (var ticket in tickets)
        {
            html.Append("<tr><td class=\"text\">").Append(HtmlPage.Encode($"{ticket.Source} {ticket.TicketId}")).Append("</td>")
                .Append("<td class=\"text\">").Append(ticket.ResolvedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(ticket.Reason ?? "")).Append("</td>")
                .Append("<td class=\"text\">").Append(HtmlPage.Encode(ticket.Channel ?? "")).Append("</td><td class=\"text\">").Append(HtmlPage.Encode(ticket.Agent ?? "")).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>This page with some query values changed (null removes one), HTML-encoded for an attribute.</summary>
    /// <summary>Each relationship campaign: its figures, the trend by round, and the newest reasons given.</summary>
    private static void Campaigns(StringBuilder html, List<CampaignReport> reports)
    {
        html.Append("<h2 id=\"campaigns\">Relationship NPS campaigns</h2>");
        if (reports.Count == 0)
        {
            html.Append("<p class=\"note\">No campaigns. Define one with PUT /api/admin/campaigns/{name} and import its customers.</p>");
            return;
        }

        foreach (var report in reports)
        {
            html.Append("<h3>").Append(HtmlPage.Encode(report.Name)).Append("</h3><p class=\"note\">")
                .Append(report.Customers.ToString("N0", CultureInfo.InvariantCulture)).Append(" customers, asked every ").Append(report.EveryDays)
                .Append(" days, at most ").Append(report.PerDay).Append(" a day, ").Append(HtmlPage.Encode($"{report.SendDays} {report.SendHours} {report.TimeZone}")).Append("</p>")
                .Append("<table><thead><tr><th class=\"text\">Round</th><th>Asked</th><th>Answered</th><th>Promoters</th><th>Passives</th><th>Detractors</th><th>NPS</th></tr></thead><tbody>");
            foreach (var (label, figures) in report.Rounds.Select(r => ($"Round {r.Round}", r.Figures)).Append(("All", new NpsFigures(report.Asked, report.Answered, report.Promoters, report.Passives, report.Detractors, report.Nps))))
            {
                html.Append("<tr><th scope=\"row\">").Append(label).Append("</th>")
                    .Append("<td>").Append(figures.Asked.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td>").Append(figures.Answered.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td>").Append(figures.Promoters.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td>").Append(figures.Passives.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td>").Append(figures.Detractors.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td>").Append(figures.Nps is { } nps ? nps.ToString("0.0", CultureInfo.InvariantCulture) : "–").Append("</td></tr>");
            }

            html.Append("</tbody></table>");
            foreach (var comment in report.Comments.Take(10))
            {
                html.Append("<p><strong>").Append(comment.Score).Append("</strong> ").Append(HtmlPage.Encode(comment.Comment))
                    .Append(" <span class=\"note\">").Append(Day(DateOnly.FromDateTime(comment.AnsweredAt.UtcDateTime))).Append("</span></p>");
            }
        }
    }

    private static string Link(HttpRequest request, params (string Key, string? Value)[] changes) => HtmlPage.Encode("desk" + Query(request, changes));

    private static string Query(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var values = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        return QueryHelpers.AddQueryString("", values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Percent(decimal? percent) => percent is { } value ? ScoreBadge.Percent(value) : "–";

    private static string Signed(decimal change) => change > 0 ? "+" + change.ToString("0.0", CultureInfo.InvariantCulture) : change.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Signed(int change) => change > 0 ? "+" + change.ToString("N0", CultureInfo.InvariantCulture) : change.ToString("N0", CultureInfo.InvariantCulture);
}
