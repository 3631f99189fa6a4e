using Azure;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>Where one answer version's note is.</summary>
public enum NoteState
{
    /// <summary>Not yet written: never tried, or given back after the helpdesk throttled or failed.</summary>
    Pending,

    /// <summary>A writer holds the claim until <see cref="NoteProgress.ClaimExpiresAt"/>.</summary>
    Writing,

    /// <summary>The helpdesk took the note (or it was found on the ticket); nothing more is written.</summary>
    Written,

    /// <summary>The helpdesk refused it for good (ticket gone, no permission); listed and replayable.</summary>
    Refused,
}

/// <summary>One answer version's row in <see cref="HelpdeskNoteTable"/>, with the ETag its claim is conditional on.</summary>
/// <param name="Unsure">An earlier attempt may have written the note without our knowing (a crash, a timeout, a 5xx): the next one reads the ticket's notes first.</param>
public sealed record NoteProgress(NoteState State, string? ClaimId, DateTimeOffset? ClaimExpiresAt, bool Unsure, ETag ETag);

/// <summary>A note the helpdesk refused for good, as the desk lists it and the replay re-queues it.</summary>
/// <param name="Reason">What the helpdesk's status means, in our words (never the vendor's body, which may quote a secret or a person).</param>
public sealed record RefusedNote(string SurveyId, DateTimeOffset RatedAt, string Helpdesk, int Status, string Reason, DateTimeOffset RefusedAt, ETag ETag);
