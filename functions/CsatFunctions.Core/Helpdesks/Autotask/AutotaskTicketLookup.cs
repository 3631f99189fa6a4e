using System.Globalization;
using System.Text.Json;
using CsatFunctions.Tickets;
using CsatFunctions.Web;

namespace CsatFunctions.Helpdesks.Autotask;

/// <summary>
/// Reads a ticket a webhook announced from the Autotask REST API: the ticket, then only what it
/// points at that a survey needs: its contact (email and name), its company (name) and its primary
/// resource (the agent's name). At most four calls per ticket, one when it is no longer complete.
/// The ticket's source (its channel) is a picklist id whose label would take a fifth call
/// (<c>Tickets/entityInformation/fields</c>), so the channel is left empty.
/// </summary>
public sealed class AutotaskTicketLookup(AutotaskApi api, IReadOnlyList<string> completeStatuses)
{
    /// <returns>The complete ticket's fields; or that it is open (not complete: the reopen signal); or why it is neither (gone, or Autotask's Complete when not listed).</returns>
    public async Task<(TicketFields? Fields, bool Open, string? IgnoredBecause)> ReadAsync(HelpdeskLookupMessage lookup, CancellationToken cancellationToken)
    {
        if (await api.GetAsync("Tickets", lookup.TicketId, cancellationToken) is not { } ticket)
        {
            return (null, false, $"Autotask has no ticket {lookup.TicketId} any more: it was deleted after the webhook.");
        }

        var status = Text(ticket, "status");
        if (status is null)
        {
            return (null, false, "The ticket has no status: neither complete nor reopened.");
        }

        if (!completeStatuses.Contains(status, StringComparer.Ordinal))
        {
            return status == AutotaskFormat.Complete
                ? (null, false, AutotaskFormat.CompleteNotListed)
                : (null, true, null);
        }

        var contact = await RelatedAsync(ticket, "contactID", "Contacts", cancellationToken);
        var company = await RelatedAsync(ticket, "companyID", "Companies", cancellationToken);
        var resource = await RelatedAsync(ticket, "assignedResourceID", "Resources", cancellationToken);
        var fields = new TicketFields(
            lookup.TicketId,
            Text(contact, "emailAddress"),
            FullName(contact),
            Text(ticket, "title"),
            FullName(resource),
            null,
            // Autotask's docs do not say that completedDate moves when a reopened ticket is completed again;
            // lastActivityDate moves at every change (REST API best practices), so a later completion comes later.
            HelpdeskFormat.Later(Text(ticket, "completedDate"), Text(ticket, "lastActivityDate"), lookup.ReceivedAt) ?? lookup.ReceivedAt.ToString("o", CultureInfo.InvariantCulture))
        {
            Company = Text(company, "companyName"),
            NoEmailBecause = contact is null ? "The Autotask ticket has no contact, so no survey can be sent." : null,
        };
        return (fields, false, null);
    }

    /// <summary>The entity an id field of the ticket names, or null when the field is empty (no contact, unassigned).</summary>
    private async Task<JsonElement?> RelatedAsync(JsonElement ticket, string idField, string entity, CancellationToken cancellationToken) =>
        AutotaskId(Text(ticket, idField)) is { } id ? await api.GetAsync(entity, id, cancellationToken) : null;

    /// <summary>An Autotask id as it goes into a path: digits only, anything else is no id.</summary>
    public static string? AutotaskId(string? text) =>
        text is { Length: > 0 and <= 19 } && text.All(char.IsAsciiDigit) ? text : null;

    private static string? FullName(JsonElement? person) =>
        string.Join(' ', new[] { Text(person, "firstName"), Text(person, "lastName") }.Where(part => part is not null)) is { Length: > 0 } name ? name : null;

    private static string? Text(JsonElement? entity, string field) =>
        entity is { ValueKind: JsonValueKind.Object } item && item.TryGetProperty(field, out var value) && JsonText.Scalar(value) is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
