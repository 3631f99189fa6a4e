using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsatFunctions.Tickets;

namespace CsatFunctions.Helpdesks.ConnectWise;

/// <summary>
/// Reads a called-back ticket from ConnectWise's REST API: <c>GET /service/tickets/{id}</c>, and
/// <c>GET /company/contacts/{id}</c> only when the ticket carries no <c>contactEmailAddress</c>.
/// Each request carries the API member's keys (Basic <c>{CompanyId}+{PublicKey}:{PrivateKey}</c>)
/// and the integration's <c>clientId</c>, as ConnectWise requires of every call.
/// </summary>
public static class ConnectWiseTickets
{
    /// <summary>ConnectWise's record ids are positive integers; nothing else goes into a request's path.</summary>
    public static bool IsId(string text) =>
        text.Length <= 18 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;

    /// <summary>Closed by ConnectWise's own flag (a status marked closed), or by a status named in <c>ClosedStatuses</c>.</summary>
    public static bool IsClosed(bool closedFlag, string? statusName, HelpdeskConfig config) =>
        closedFlag || (statusName is not null && config.List(ConnectWiseFormat.ClosedStatuses).Contains(statusName.Trim(), StringComparer.OrdinalIgnoreCase));

    public static async Task<HelpdeskReading> ReadAsync(HelpdeskLookupMessage lookup, HelpdeskCall call, CancellationToken cancellationToken)
    {
        using var document = await call.ReadJsonAsync(Request(call.Config, HttpMethod.Get, $"service/tickets/{lookup.TicketId}"), cancellationToken);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } ticket)
        {
            return HelpdeskReading.Ignored("The ticket is no longer in ConnectWise.");
        }

        var closedFlag = ticket.TryGetProperty("closedFlag", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (!IsClosed(closedFlag, Text(ticket, "status", "name"), call.Config))
        {
            // Saved while open: the reopen signal, timed by the ticket's last save (else the callback's arrival).
            return HelpdeskFormat.Reopen(lookup.TicketId, Text(ticket, "_info", "lastUpdated"), call.Time.GetUtcNow());
        }

        var email = Text(ticket, "contactEmailAddress");
        if (email is null && Text(ticket, "contact", "id") is { } contactId && IsId(contactId))
        {
            email = await ContactEmailAsync(call, contactId, cancellationToken);
        }

        var fields = new TicketFields(
            lookup.TicketId,
            email,
            Text(ticket, "contactName") ?? Text(ticket, "contact", "name"),
            Text(ticket, "summary"),
            Text(ticket, "owner", "name"),
            Text(ticket, "source", "name"),
            // ConnectWise's docs do not say that closedDate moves when a reopened ticket closes again; the
            // ticket's last save (_info.lastUpdated) does, so a close after a reopen comes after the first.
            HelpdeskFormat.Later(Text(ticket, "closedDate"), Text(ticket, "_info", "lastUpdated"), call.Time.GetUtcNow()) ?? lookup.ReceivedAt.ToString("O", CultureInfo.InvariantCulture))
        {
            Company = Text(ticket, "company", "name"),
        };
        var (resolved, errors) = fields.ToTicket(call.Time.GetUtcNow());
        return resolved is null ? HelpdeskReading.Invalid(errors) : HelpdeskReading.Resolved(resolved);
    }

    /// <summary>The contact's default email among its communication items, else its first email; null when it has none.</summary>
    private static async Task<string?> ContactEmailAsync(HelpdeskCall call, string contactId, CancellationToken cancellationToken)
    {
        using var document = await call.ReadJsonAsync(Request(call.Config, HttpMethod.Get, $"company/contacts/{contactId}"), cancellationToken);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } contact
            || !contact.TryGetProperty("communicationItems", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var emails = items.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.Object && string.Equals(Text(item, "communicationType"), "Email", StringComparison.OrdinalIgnoreCase) && Text(item, "value") is not null)
            .ToList();
        var chosen = emails.FirstOrDefault(item => item.TryGetProperty("defaultFlag", out var isDefault) && isDefault.ValueKind == JsonValueKind.True);
        return Text(chosen.ValueKind == JsonValueKind.Object ? chosen : emails.FirstOrDefault(), "value");
    }

    /// <summary>A request to <c>{ApiUrl}/{path}</c> carrying the API member's keys and the integration's clientId.</summary>
    public static HttpRequestMessage Request(HelpdeskConfig config, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(config.Url(ConnectWiseFormat.ApiUrl)!, path));
        var credentials = $"{config[ConnectWiseFormat.CompanyId]}+{config[ConnectWiseFormat.PublicKey]}:{config[ConnectWiseFormat.PrivateKey]}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        request.Headers.Add("clientId", config[ConnectWiseFormat.ClientId]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static string? Text(JsonElement element, params string[] path) => HelpdeskFormat.Text(element, path);
}
