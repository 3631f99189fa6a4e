namespace CsatFunctions.Tickets;

/// <summary>
/// A helpdesk's delivery saying a ticket is no longer resolved (each helpdesk's reopen signal: its
/// status is one that is not a resolution). It cancels a survey whose delayed email has not left
/// (<c>Csat__SendDelay</c>); otherwise it is ignored, or, with <c>Csat__ReopenAfterEmail</c> =
/// <c>ask-again</c>, makes the ticket's next resolution ask again.
/// </summary>
/// <param name="ReopenedAt">When the helpdesk says the ticket changed, if it says; otherwise the delivery's arrival. A reopen from before the survey's resolution is stale and changes nothing.</param>
public sealed record TicketReopened(string TicketId, DateTimeOffset? ReopenedAt);
