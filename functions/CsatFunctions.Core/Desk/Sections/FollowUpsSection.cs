using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>The follow-ups still open or closed in the period, each with a form to move it along.</summary>
public static class FollowUpsSection
{
    private static readonly FollowUpStatus[] Settable = [FollowUpStatus.Open, FollowUpStatus.Contacted, FollowUpStatus.Resolved];

    /// <param name="csrf">The session's token for the forms; null shows no forms (a viewer).</param>
    public static Html Render(CsatOptions options, List<FollowUp> work, string? csrf)
    {
        if (work.Count == 0)
        {
            return Html.Of($"""<h2 id="followups">Follow-ups</h2><p class="note">No follow-ups: every answer at the bottom of its scale opens one.</p>""");
        }

        var html = new HtmlBuilder()
            .Append($"""<h2 id="followups">Follow-ups</h2><table><thead><tr><th class="text">Ticket</th><th class="text">Agent</th><th class="text">Company</th><th class="text">Rating</th><th class="text">Opened</th><th class="text">Status</th><th class="text">Owner and note</th></tr></thead><tbody>""");
        foreach (var followUp in work)
        {
            var ticket = DeskLinks.Ticket(followUp.Source, followUp.TicketId, options.TicketUrl(followUp.Source, followUp.TicketId));
            html.Append($"""<tr id="followup-{followUp.SurveyId}"><td class="text">{ticket}</td><td class="text">{followUp.Agent}</td><td class="text">{followUp.Company}</td><td class="text">{followUp.Rating}</td>""")
                .Append($"""<td class="text">{followUp.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td><td class="text">{FollowUpTable.Name(followUp.Status)}</td><td class="text">""")
                .Append(csrf is null || followUp.Status == FollowUpStatus.Recovered
                    ? Html.Of($"{followUp.Owner}{(followUp.Owner.Length > 0 ? ": " : "")}{followUp.Note}")
                    : Form(followUp, csrf))
                .Append($"</td></tr>");
        }

        return html.Append($"</tbody></table>").ToHtml();
    }

    private static Html Form(FollowUp followUp, string csrf)
    {
        var statuses = Html.Join(Settable.Select(status => Html.Of($"<option{(status == followUp.Status ? " selected" : "")}>{FollowUpTable.Name(status)}</option>")));
        return Html.Of($"""<form method="post" action="followups/{followUp.SurveyId}"><input type="hidden" name="{DeskSessions.CsrfField}" value="{csrf}">""" +
            $"""<select name="status" aria-label="Status">{statuses}</select> <input name="owner" aria-label="Owner" placeholder="owner" value="{followUp.Owner}"> """ +
            $"""<input name="note" aria-label="Note" placeholder="what was done" value="{followUp.Note}"> <button type="submit">Save</button></form>""");
    }
}
