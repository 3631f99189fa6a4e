using System.Text.Json;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// Helpdesks whose webhook body an admin writes with placeholders (Zendesk, Freshdesk, Freshservice),
/// and WHMCS's hook: each one's page under docs/helpdesks/ gives a body in the generic JSON, plus the
/// ticket's <c>status</c> (and Zendesk's <c>tags</c>), so the generic reader does the work and only the
/// status check is the helpdesk's own. A resolved status is a resolution; the generic <c>reopened</c>,
/// sent by a second trigger on the status leaving its resolved ones, or one of the helpdesk's own open
/// statuses says the ticket is open again. A status the helpdesk lists nowhere means what
/// <see cref="UnlistedStatus"/> says: a placeholder such as Zendesk's <c>{{ticket.status}}</c> renders
/// the status in the account's language ("Gelöst", "Løst"), so where bodies written with it exist, an
/// unknown status must not drop the resolution the product exists to count.
/// </summary>
public abstract class GenericBodyFormat : HelpdeskFormat
{
    /// <summary>Statuses that mean resolved, compared case-insensitively.</summary>
    protected abstract IReadOnlyList<string> ResolvedStatuses { get; }

    /// <summary>The helpdesk's own not-resolved statuses, as its API or placeholder gives them in English, compared case-insensitively: each is a reopen.</summary>
    protected virtual IReadOnlyList<string> OpenStatuses => [];

    /// <summary>Statuses that are neither a resolution nor a reopen (Zendesk's <c>deleted</c>), compared case-insensitively.</summary>
    protected virtual IReadOnlyList<string> NeitherStatuses => [];

    /// <summary>What a status in none of the lists (nor <c>reopened</c>) means: a resolution where placeholders may render it localised or custom, a reopen where the body is ours.</summary>
    protected abstract StatusMeaning UnlistedStatus { get; }

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using (var document = Parse(body, out var failure))
        {
            if (document is null)
            {
                return failure!;
            }

            var root = document.RootElement;
            var status = Text(root, "status");
            var meaning = status is null ? StatusMeaning.Resolution : MeaningOf(status.Trim());
            if (meaning == StatusMeaning.Neither)
            {
                return HelpdeskReading.Ignored($"The ticket's status is {status}: neither resolved nor reopened.");
            }

            if (meaning == StatusMeaning.Reopen)
            {
                return Reopen(Text(root, "ticketId"), Text(root, "reopenedAt"), now);
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

    private StatusMeaning MeaningOf(string status) =>
        Listed(ResolvedStatuses, status) ? StatusMeaning.Resolution
        : Listed(NeitherStatuses, status) ? StatusMeaning.Neither
        : Listed(OpenStatuses, status) || string.Equals(status, TicketFields.ReopenedStatus, StringComparison.OrdinalIgnoreCase) ? StatusMeaning.Reopen
        : UnlistedStatus;

    private static bool Listed(IReadOnlyList<string> statuses, string status) => statuses.Contains(status, StringComparer.OrdinalIgnoreCase);
}
