using System.Text.Json;
using System.Text.Unicode;
using CsatFunctions.Web;

namespace CsatFunctions.Tickets;

/// <summary>
/// Reads the generic ticket-resolved JSON into <see cref="TicketFields"/>. Only a body that is not a
/// JSON object, or a ticket without a usable id, is refused; odd values in the other fields are
/// normalised by the ticket's rules, so a legal delivery always becomes a counted ticket.
/// </summary>
public static class TicketEventReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 32,
    };

    /// <summary>Either the event (a resolution, or with <c>"status": "reopened"</c> a reopen) or, keyed by JSON path (<c>ticketId</c>), what is wrong with it.</summary>
    public static (TicketResolved? Event, TicketReopened? Reopened, Dictionary<string, string[]> Errors) Read(ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        if (Fields(body, out var problem) is not { } fields)
        {
            return (null, null, new Dictionary<string, string[]> { ["body"] = [problem!] });
        }

        var (ticket, errors) = fields.ToTicket(now);
        var reopened = fields.ToReopen(now);
        return (reopened is null ? ticket : null, reopened, errors);
    }

    /// <returns>The fields, or null with what is wrong with the body as a whole.</returns>
    public static TicketFields? Fields(ReadOnlyMemory<byte> body, out string? problem)
    {
        problem = null;

        // JsonDocument checks structure but not the UTF-8 inside strings.
        if (!Utf8.IsValid(body.Span))
        {
            problem = "The body is not valid UTF-8.";
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            problem = $"The body is not valid UTF-8 JSON: {ex.Message}";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "The body must be a JSON object.";
                return null;
            }

            var customer = root.TryGetProperty("customer", out var given) && given.ValueKind == JsonValueKind.Object ? given : default;
            return new TicketFields(
                Property(root, "ticketId"),
                Property(customer, "email"),
                Property(customer, "name"),
                Property(root, "subject"),
                Property(root, "agent"),
                Property(root, "channel"),
                Property(root, "resolvedAt"))
            {
                Touchpoint = Property(root, "touchpoint"),
                Locale = Property(root, "locale"),
                Scale = Property(root, "scale"),
                Company = Property(root, "company"),
                Status = Property(root, "status"),
                ReopenedAt = Property(root, "reopenedAt"),
            };
        }
    }

    private static string? Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? JsonText.Scalar(value) : null;
}
