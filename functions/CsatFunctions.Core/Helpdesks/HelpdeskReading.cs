using CsatFunctions.Tickets;

namespace CsatFunctions.Helpdesks;

/// <summary>What a helpdesk's delivery turned out to be.</summary>
public sealed record HelpdeskReading
{
    /// <summary>A resolved ticket to count, and to survey when it has an email.</summary>
    public TicketResolved? Ticket { get; private init; }

    /// <summary>Authentic, but not a resolution (another event, a merge): answered 200 so the helpdesk does not retry.</summary>
    public string? IgnoredBecause { get; private init; }

    /// <summary>Authentic, saying the ticket is no longer resolved (the helpdesk's reopen signal): may cancel a survey still waiting for its email.</summary>
    public TicketReopened? Reopened { get; private init; }

    /// <summary>Authentic, naming a ticket whose details must be read from the helpdesk's API: queued, answered 202, read afterwards.</summary>
    public HelpdeskLookupMessage? LookUp { get; private init; }

    /// <summary>Malformed: answered 400, naming each bad field.</summary>
    public Dictionary<string, string[]>? Errors { get; private init; }

    public static HelpdeskReading Resolved(TicketResolved ticket) => new() { Ticket = ticket };

    public static HelpdeskReading ToLookUp(string helpdesk, string ticketId, DateTimeOffset receivedAt) =>
        new() { LookUp = new HelpdeskLookupMessage(helpdesk, ticketId, receivedAt) };

    public static HelpdeskReading Reopen(TicketReopened reopened) => new() { Reopened = reopened };

    public static HelpdeskReading Ignored(string because) => new() { IgnoredBecause = because };

    public static HelpdeskReading Invalid(Dictionary<string, string[]> errors) => new() { Errors = errors };

    public static HelpdeskReading Invalid(string field, string message) => Invalid(new() { [field] = [message] });
}
