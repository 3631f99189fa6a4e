using System.Net;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>Which of a helpdesk's error statuses may pass (tried again later) and which refuse a note for good, and why in words.</summary>
public static class NoteRefusals
{
    /// <summary>Throttled (429), failing (5xx), timed out (408), or busy with the same ticket (409 conflict, 423 locked): tried again later.</summary>
    public static bool MayPass(HttpStatusCode status) => (int)status is 408 or 409 or 423 or 429 or >= 500;

    /// <summary>What a refusal means for the team, without the vendor's body (which may quote a credential or a person).</summary>
    public static string Reason(string helpdesk, HttpStatusCode status) => (int)status switch
    {
        401 => $"{helpdesk} refused the API credentials (401): check them, then replay.",
        403 => $"{helpdesk}'s API user may not write to this ticket (403): give it the permission, then replay.",
        404 => $"{helpdesk} has no such ticket any more (404): deleted or merged away.",
        422 => $"{helpdesk} would not take the note (422): the ticket may be closed to changes.",
        var other => $"{helpdesk} refused the note ({other} {status}).",
    };
}
