using System.Net.Mail;
using System.Text.Json;
using System.Text.Unicode;
using CsatFunctions.Ratings;

namespace CsatFunctions.Tickets;

/// <summary>
/// Reads the generic ticket-resolved JSON. It walks the document by hand rather than binding it so
/// that every bad field is named in one answer, not just the first one a serializer trips over.
/// </summary>
public static class TicketEventReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 32,
    };

    /// <summary>Either the event or, keyed by JSON path (<c>customer.email</c>), what is wrong with it.</summary>
    public static (TicketResolved? Event, Dictionary<string, string[]> Errors) Read(ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        // JsonDocument checks structure but not the UTF-8 inside strings; reading one later would throw.
        if (!Utf8.IsValid(body.Span))
        {
            errors["body"] = ["The body is not valid UTF-8."];
            return (null, errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"The body is not valid UTF-8 JSON: {ex.Message}"];
            return (null, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["The body must be a JSON object."];
                return (null, errors);
            }

            var ticketId = RequiredString(root, "ticketId", "ticketId", 128, errors);
            string? email = null;
            string? name = null;
            if (!root.TryGetProperty("customer", out var customer) || customer.ValueKind == JsonValueKind.Null)
            {
                errors["customer.email"] = ["Required: the customer's email address."];
            }
            else if (customer.ValueKind != JsonValueKind.Object)
            {
                errors["customer"] = ["Must be an object with an email and an optional name."];
            }
            else
            {
                email = RequiredString(customer, "email", "customer.email", 254, errors);
                if (email is not null && !IsEmailAddress(email))
                {
                    errors["customer.email"] = ["Must be a single email address such as ann@example.org."];
                    email = null;
                }

                name = OptionalString(customer, "name", "customer.name", 200, errors);
            }

            var subject = OptionalString(root, "subject", "subject", 500, errors);
            var agent = OptionalString(root, "agent", "agent", 200, errors);
            var channel = OptionalString(root, "channel", "channel", 64, errors);
            var resolvedAt = OptionalTimestamp(root, "resolvedAt", now, errors);
            var touchpoint = OptionalString(root, "touchpoint", "touchpoint", 40, errors)?.ToLowerInvariant();
            if (touchpoint is not null && !touchpoint.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ' '))
            {
                errors["touchpoint"] = ["Must be letters, digits, spaces, hyphens or underscores, such as onboarding."];
            }

            Scale? scale = null;
            if (OptionalString(root, "scale", "scale", 20, errors) is { } scaleText)
            {
                if (ScaleNames.TryParse(scaleText, out var parsed))
                {
                    scale = parsed;
                }
                else
                {
                    errors["scale"] = ["Must be three-level, five-point or nps."];
                }
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            return (new TicketResolved(ticketId!, email!, name, subject, agent, channel, resolvedAt) { Touchpoint = touchpoint, Scale = scale }, errors);
        }
    }

    private static string? RequiredString(JsonElement parent, string property, string path, int maxLength, Dictionary<string, string[]> errors)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors[path] = ["Required."];
            return null;
        }

        var text = StringValue(value, path, maxLength, errors);
        if (text is not null && text.Trim().Length == 0)
        {
            errors[path] = ["Must not be empty."];
            return null;
        }

        return text?.Trim();
    }

    private static string? OptionalString(JsonElement parent, string property, string path, int maxLength, Dictionary<string, string[]> errors)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = StringValue(value, path, maxLength, errors)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? StringValue(JsonElement value, string path, int maxLength, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[path] = [$"Must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}."];
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            errors[path] = [$"Must be at most {maxLength} characters."];
            return null;
        }

        if (text.Any(c => char.IsControl(c) && c is not '\t') || HasLoneSurrogate(text))
        {
            errors[path] = ["Must not contain control characters or broken Unicode."];
            return null;
        }

        return text;
    }

    private static DateTimeOffset? OptionalTimestamp(JsonElement parent, string property, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out var at))
        {
            errors[property] = ["Must be an ISO 8601 timestamp with an offset, such as 2026-11-22T10:00:00Z."];
            return null;
        }

        if (at - now > WebhookSignature.Tolerance)
        {
            errors[property] = ["Must not be in the future."];
            return null;
        }

        if (at.Year < 2000)
        {
            errors[property] = ["Must be in the year 2000 or later."];
            return null;
        }

        return at;
    }

    private static bool IsEmailAddress(string text) =>
        MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && string.IsNullOrEmpty(address.DisplayName)
        && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
