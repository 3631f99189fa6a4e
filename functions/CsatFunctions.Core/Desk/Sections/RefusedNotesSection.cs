using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>
/// The answers a helpdesk refused to take as a note on their ticket (ticket deleted, no permission):
/// shown only when there are any, with how to write them once the cause is fixed.
/// </summary>
public static class RefusedNotesSection
{
    public static Html Render(List<RefusedNoteItem> refused)
    {
        if (refused.Count == 0)
        {
            return Html.Empty;
        }

        var rows = Html.Join(refused.Select(note => Html.Of(
            $"""<tr><td class="text">{note.Helpdesk}</td><td class="text">{note.TicketId}</td><td class="text">{note.RefusedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td><td class="text">{note.Reason}</td></tr>""")));
        return Html.Of(
            $"""<h2 id="refused-notes">Notes the helpdesks refused</h2><p class="note">These answers were not written to their tickets. Once the cause is fixed, POST /api/admin/helpdesk-notes/refused/replay writes each of them once.</p>""" +
            $"""<table><thead><tr><th class="text">Helpdesk</th><th class="text">Ticket</th><th class="text">When</th><th class="text">Why</th></tr></thead><tbody>{rows}</tbody></table>""");
    }
}
