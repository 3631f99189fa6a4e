using System.Text.Json;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// Helpdesks whose webhook body an admin writes with placeholders (Zendesk, Freshdesk, Freshservice):
/// each one's page under docs/helpdesks/ gives a body in the generic JSON, plus the ticket's <c>status</c> (and Zendesk's <c>tags</c>), so
/// the generic reader does the work and only the resolution check is the helpdesk's own.
/// </summary>
public abstract class GenericBodyFormat : HelpdeskFormat
{
    /// <summary>Statuses that mean resolved, compared case-insensitively.</summary>
    protected abstract IReadOnlyList<string> ResolvedStatuses { get; }

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using (var document = Parse(body, out var failure))
        {
            if (document is null)
            {
                return failure!;
            }

            if (Text(document.RootElement, "status") is { } status
                && !ResolvedStatuses.Contains(status, StringComparer.OrdinalIgnoreCase))
            {
                return HelpdeskReading.Ignored($"The ticket's status is {status}, not resolved.");
            }

            if (IgnoredBecause(document.RootElement) is { } reason)
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
