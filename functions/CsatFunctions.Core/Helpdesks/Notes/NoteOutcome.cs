using System.Net;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>What one attempt at a note came to.</summary>
/// <param name="Written">The ticket has the note now.</param>
/// <param name="Found">It was there already, written by an attempt whose outcome was never recorded.</param>
/// <param name="RefusedStatus">The helpdesk refused it for good with this status.</param>
/// <param name="MayHaveWritten">The attempt failed after the note was sent (a timeout, a 5xx): the next reads the ticket first.</param>
/// <param name="Failure">Why an attempt that may pass failed; its headers carry the helpdesk's <c>Retry-After</c>.</param>
/// <param name="PauseUntil">The helpdesk throttled us: nobody calls it before then.</param>
public sealed record NoteOutcome(bool Written, bool Found, HttpStatusCode? RefusedStatus, bool MayHaveWritten, Exception? Failure, DateTimeOffset? PauseUntil)
{
    public static NoteOutcome WrittenNow { get; } = new(true, false, null, false, null, null);

    public static NoteOutcome FoundThere { get; } = new(true, true, null, false, null, null);

    public static NoteOutcome Refused(HttpStatusCode status) => new(false, false, status, false, null, null);

    public static NoteOutcome TryAgain(Exception failure, bool mayHaveWritten, DateTimeOffset? pauseUntil = null) => new(false, false, null, mayHaveWritten, failure, pauseUntil);
}
