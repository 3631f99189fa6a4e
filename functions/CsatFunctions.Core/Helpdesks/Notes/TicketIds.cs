using System.Globalization;
using System.Net;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// A note's ticket id as a helpdesk's API takes it. An id no ticket can have never reaches the API: it is
/// refused here with the API's own answer for a ticket that does not exist, 404, which the pipeline
/// counts as a note refused for good (see <see cref="HelpdeskNoteWriter.WriteAsync"/>), as it would the API's.
/// </summary>
public static class TicketIds
{
    /// <summary>The longest id taken: 18 digits always fit a <see cref="long"/>, and no helpdesk numbers its tickets further.</summary>
    private const int MaxDigits = 18;

    /// <summary>The id of a helpdesk that numbers its tickets (ConnectWise, Autotask, HaloPSA, Zammad, Freshworks, Help Scout), for its paths and bodies.</summary>
    /// <exception cref="HelpdeskApiException">404: the id is not a positive whole number, so no ticket has it.</exception>
    public static long Numeric(HelpdeskNote note, HelpdeskCall call) =>
        note.TicketId.Length <= MaxDigits && long.TryParse(note.TicketId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw NoSuchTicket(call);

    /// <summary>The refusal of an id no ticket of this helpdesk can have: what its API answers for a ticket that does not exist.</summary>
    public static HelpdeskApiException NoSuchTicket(HelpdeskCall call) => new(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
}
