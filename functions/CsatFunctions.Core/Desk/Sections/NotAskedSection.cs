using CsatFunctions.Admin;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>The period's tickets counted but not asked, and why not.</summary>
public static class NotAskedSection
{
    public static Html Render(List<NotSurveyedTicket> tickets)
    {
        if (tickets.Count == 0)
        {
            return Html.Of($"""<h2 id="not-asked">Counted but not asked</h2><p class="note">Every ticket of the period was asked.</p>""");
        }

        var rows = Html.Join(tickets.Select(ticket => Html.Of(
            $"""<tr><td class="text">{ticket.Source} {ticket.TicketId}</td><td class="text">{ticket.ResolvedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td>""" +
            $"""<td class="text">{ticket.Reason}</td><td class="text">{ticket.Channel}</td><td class="text">{ticket.Agent}</td><td class="text">{ticket.Company}</td></tr>""")));
        return Html.Of($"""<h2 id="not-asked">Counted but not asked</h2><table><thead><tr><th class="text">Ticket</th><th class="text">Resolved</th><th class="text">Why not</th><th class="text">Channel</th><th class="text">Agent</th><th class="text">Company</th></tr></thead><tbody>{rows}</tbody></table>""");
    }
}
