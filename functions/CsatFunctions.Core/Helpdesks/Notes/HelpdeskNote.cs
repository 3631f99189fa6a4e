using CsatFunctions.Web;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// One answer version as it is written to its ticket: an internal note the customer never sees.
/// </summary>
/// <param name="TicketId">The helpdesk's ticket id, as the webhook gave it.</param>
/// <param name="Marker">
/// Names this answer version (it holds the survey's <c>AnswerVersion</c>) and is part of <paramref name="Text"/> and
/// <paramref name="Html"/> as written, so reading the ticket's notes back tells whether an attempt that
/// died before its outcome was recorded did write the note.
/// </param>
/// <param name="Text">The note as plain text: the rating in words, the comment, the follow-up's desk link, the marker.</param>
/// <param name="Html">The same note as HTML (every hole encoded), for helpdesks whose notes are HTML.</param>
/// <param name="Wiki">
/// The same note in Atlassian's wiki markup, which Jira renders a comment's body in: the customer's
/// words between <c>{noformat}</c>, so a mention, link or formatting in them shows as written and does nothing.
/// </param>
/// <param name="AtBottom">The answer is at the bottom of its scale: the team's chosen status or tag is set too, where configured.</param>
public sealed record HelpdeskNote(string TicketId, string Marker, string Text, Html Html, string Wiki, bool AtBottom);
