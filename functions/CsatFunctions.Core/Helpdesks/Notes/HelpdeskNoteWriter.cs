namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// How one helpdesk's API writes an answer back to its ticket. It lives in the helpdesk's folder
/// (<see cref="HelpdeskFormat.Notes"/>); the queue step <c>helpdesk-notes</c> decides when and how often
/// to call it, keeps the claim that writes each answer version once, waits out rate limits, and counts
/// a note refused for good. A writer only speaks the vendor's API, in the vendor's documented JSON.
/// </summary>
public abstract class HelpdeskNoteWriter
{
    /// <summary>
    /// The settings write-back needs besides <c>ApiUrl</c> (the API's credentials), each required when
    /// <c>WriteBack</c> is <c>note</c> and named by its key's last part (<c>ApiToken</c>).
    /// </summary>
    public abstract IReadOnlyList<string> Credentials { get; }

    /// <summary>Whether <c>ApiUrl</c> must be set for write-back; false where the vendor's API has one address (Help Scout's).</summary>
    public virtual bool NeedsApiUrl => true;

    /// <summary>
    /// The optional settings for a bottom-of-scale answer this helpdesk honours (<c>BottomStatus</c>,
    /// <c>BottomTag</c>), as documented on its page; empty when it honours none.
    /// </summary>
    public virtual IReadOnlyList<string> BottomSettings => [];

    /// <summary>
    /// How many notes a second this process writes to the helpdesk when <c>NotesPerSecond</c> is not set:
    /// below the vendor's published limit for the calls a note makes, with room for the team's own
    /// integrations (each writer says which limit it follows).
    /// </summary>
    public virtual double DefaultNotesPerSecond => 1;

    /// <summary>
    /// Whether the ticket already has a note carrying <see cref="HelpdeskNote.Marker"/>: asked before
    /// writing again after an attempt whose outcome was never recorded (a crash between the helpdesk's
    /// answer and our record of it), so that attempt's note is not written twice.
    /// </summary>
    /// <exception cref="HelpdeskApiException">The helpdesk answered an error status (404: the ticket is gone).</exception>
    public abstract Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken);

    /// <summary>Writes the note to the ticket as internal, never visible to the customer.</summary>
    /// <exception cref="HelpdeskApiException">
    /// The helpdesk answered an error status: 429 and 5xx are tried again (never sooner than its
    /// <c>Retry-After</c>); 404, 403 and the other 4xx are a note refused for good, counted and replayable.
    /// </exception>
    public abstract Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the team's chosen status or tag (<see cref="BottomSettings"/>) on the ticket of a
    /// bottom-of-scale answer, after its note is written. Setting it again changes nothing.
    /// </summary>
    public virtual Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken) => Task.CompletedTask;
}
