using System.Text.Json;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// Helpdesks whose webhook body an admin writes with placeholders (Zendesk, Freshdesk, Freshservice),
/// and WHMCS's hook: each one's page under docs/helpdesks/ gives a body in the generic JSON, plus the
/// ticket's <c>status</c> (and Zendesk's <c>tags</c>), so the generic reader does the work and only the
/// status check is the helpdesk's own. A resolved status is a resolution; any other status (or the
/// generic <c>reopened</c>) is the helpdesk's reopen signal: the same body, sent by a second
/// trigger on the status leaving its resolved ones, says the ticket is open again.
/// </summary>
public abstract class GenericBodyFormat : HelpdeskFormat
{
    /// <summary>Statuses that mean resolved, compared case-insensitively.</summary>
    protected abstract IReadOnlyList<string> ResolvedStatuses { get; }

    /// <summary>Statuses that are neither a resolution nor a reopen (Zendesk's <c>deleted</c>), compared case-insensitively.</summary>
    protected virtual IReadOnlyList<string> NeitherStatuses => [];

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using (var document = Parse(body, out var failure))
        {
            if (document is null)
            {
                return failure!;
            }

            var root = document.RootElement;
            if (Text(root, "status") is { } status && !ResolvedStatuses.Contains(status, StringComparer.OrdinalIgnoreCase))
            {
                return NeitherStatuses.Contains(status, StringComparer.OrdinalIgnoreCase)
                    ? HelpdeskReading.Ignored($"The ticket's status is {status}: neither resolved nor reopened.")
                    : Reopen(Text(root, "ticketId"), Text(root, "reopenedAt"), now);
            }

            if (IgnoredBecause(root) is { } reason)
            {
                return HelpdeskReading.Ignored(reason);
            }
        }

        var (ticket, _, errors) = TicketEventReader.Read(body, now);
        return ticket is null ? HelpdeskReading.Invalid(errors) : HelpdeskReading.Resolved(ticket);
    }

    /// <summary>A helpdesk-specific reason to skip an otherwise resolved ticket.</summary>
    protected virtual string? IgnoredBecause(JsonElement root) => null;
}
