namespace CsatFunctions.Tickets;

/// <summary>A helpdesk's "ticket resolved" event, validated. Only the ticket id and email are required.</summary>
public sealed record TicketResolved(
    string TicketId,
    string CustomerEmail,
    string? CustomerName,
    string? Subject,
    string? Agent,
    string? Channel,
    DateTimeOffset? ResolvedAt);
