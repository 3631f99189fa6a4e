using System.Text.Json;
using System.Text.Unicode;
using CsatFunctions.Tickets;
using CsatFunctions.Web;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>
/// Reads SendGrid's Event Webhook body: a JSON array of events with the email's custom arguments as
/// top-level keys. Only the events that change a survey are kept; an element that is not such an
/// event (another kind, no survey, a malformed field) is skipped, never a reason to refuse the batch.
/// </summary>
public static class DeliveryEventReader
{
    /// <summary>The custom argument every survey email carries.</summary>
    public const string SurveyIdArgument = "survey_id";

    /// <summary>The custom argument of the team's own emails about a survey (its alert), whose events say nothing of the customer's mailbox.</summary>
    public const string KindArgument = "kind";

    /// <summary>The custom argument a reminder carries, with the value <see cref="ReminderValue"/>.</summary>
    public const string EmailArgument = "survey_email";
    public const string ReminderValue = "reminder";

    private const int MaxReasonLength = 500;

    private static readonly HashSet<string> Kept = ["processed", "delivered", "bounce", "dropped", "spamreport", "unsubscribe", "group_unsubscribe"];

    /// <returns>How many elements the array has, or null when the body is not a JSON array.</returns>
    public static int? CountEvents(ReadOnlySpan<byte> body)
    {
        // The reader checks structure but not the UTF-8 inside strings; JSON is UTF-8 or it is not JSON.
        if (!Utf8.IsValid(body))
        {
            return null;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                count++;
                reader.Skip();
            }

            // Nothing may follow the array.
            return reader.Read() ? null : count;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The events of a body <see cref="CountEvents"/> accepted that concern a well-formed survey id.</summary>
    public static List<DeliveryEvent> Read(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        var events = new List<DeliveryEvent>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object
                && Text(element, "event") is { } name && Kept.Contains(name)
                && Text(element, SurveyIdArgument) is { } surveyId && SurveyId.IsWellFormed(surveyId)
                && !element.TryGetProperty(KindArgument, out _))
            {
                events.Add(new DeliveryEvent(
                    surveyId,
                    Text(element, "sg_event_id"),
                    name,
                    Timestamp(element),
                    Text(element, EmailArgument) == ReminderValue,
                    TicketText.Clean(Text(element, "reason"), MaxReasonLength),
                    Text(element, "type")));
            }
        }

        return events;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? JsonText.String(value) : null;

    /// <summary>Unix seconds; an event without a usable one is dated at the epoch rather than dropped.</summary>
    private static DateTimeOffset Timestamp(JsonElement element) =>
        element.TryGetProperty("timestamp", out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var seconds) && seconds >= 0 && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UnixEpoch;
}
