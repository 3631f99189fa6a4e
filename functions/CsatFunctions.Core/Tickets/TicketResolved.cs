
namespace CsatFunctions.Tickets;

/// <summary>A helpdesk's "ticket resolved" event, normalised by <see cref="TicketFields.ToTicket"/>. Only the ticket id is sure to be there.</summary>
public sealed record TicketResolved(
    string TicketId,
    string? CustomerEmail,
    string? CustomerName,
    string? Subject,
    string? Agent,
    string? Channel,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>Which part of the service this was (support, onboarding, maintenance…), lowercased; the score is broken down by it.</summary>
    public string? Touchpoint { get; init; }

    /// <summary>The scale to ask on, when the event chooses one; otherwise <c>Csat__Scale</c>.</summary>
    public CsatFunctions.Surveys.Scale? Scale { get; init; }

    /// <summary>The customer's language, when the project has it (<c>de</c>); otherwise null and <c>Csat__DefaultLocale</c>.</summary>
    public string? Locale { get; init; }

    /// <summary>The customer's organisation (a hosting company's client, an MSP's client company), as it was at resolution.</summary>
    public string? Company { get; init; }

    /// <summary>Set when <see cref="CustomerEmail"/> is null: the ticket is counted but nobody can be asked.</summary>
    public string? NoEmailBecause { get; init; }
}
