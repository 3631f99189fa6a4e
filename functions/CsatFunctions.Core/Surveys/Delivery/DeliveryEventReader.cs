using System.Text.Json;
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

    /// <summary>The custom argument naming the resolution an email asks about (<see cref="DeliveryEvent.RoundOf"/>), so a late event of an earlier email never lands on a later one.</summary>
    public const string RoundArgument = "survey_round";

    private const int MaxReasonLength = 500;

    private static readonly HashSet<string> Kept = ["processed", "delivered", "bounce", "dropped", "spamreport", "unsubscribe", "group_unsubscribe"];

    /// <summary>
    /// Reads the body a chunk at a time, so a batch of any size is counted without holding it: only
    /// the unread end of a chunk (a token cut in two) is carried over to the next.
    /// </summary>
    /// <returns>How many elements the array has, or null when the body is not a JSON array in UTF-8.</returns>
    public static async Task<int?> CountEventsAsync(Stream body, CancellationToken cancellationToken)
    {
        // The reader checks structure but not the UTF-8 inside strings; JSON is UTF-8 or it is not JSON.
        var utf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[64 * 1024];
        var characters = new char[buffer.Length + 2];
        var held = 0;
        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 });
        var (ended, count, final) = (false, 0, false);
        try
        {
            while (!final)
            {
                if (held == buffer.Length)
                {
                    // One token longer than the buffer (a long string): make room for the rest of it.
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await body.ReadAsync(buffer.AsMemory(held), cancellationToken);
                final = read == 0;

                // Decoded only to be checked (GetChars keeps a character cut between chunks; GetCharCount would not).
                if (characters.Length < read + 2)
                {
                    characters = new char[read + 2];
                }

                utf8.GetChars(buffer.AsSpan(held, read), characters, flush: final);
                held += read;
                if (!Count(buffer.AsSpan(0, held), final, ref state, ref ended, ref count, out var consumed))
                {
                    return null;
                }

                buffer.AsSpan(consumed, held - consumed).CopyTo(buffer);
                held -= consumed;
            }

            return ended ? count : null;
        }
        catch (Exception ex) when (ex is JsonException or System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Counts the array's elements in one chunk: every token one level down that opens or is a value.</summary>
    /// <returns>False when the chunk shows the body is not one JSON array.</returns>
    private static bool Count(ReadOnlySpan<byte> chunk, bool final, ref JsonReaderState state, ref bool ended, ref int count, out int consumed)
    {
        var reader = new Utf8JsonReader(chunk, final, state);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 0)
            {
                // The first token opens the array and the next at this depth closes it; the reader refuses anything after.
                ended = reader.TokenType == JsonTokenType.EndArray;
                if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.EndArray))
                {
                    consumed = 0;
                    return false;
                }
            }
            else if (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                count++;
            }
        }

        state = reader.CurrentState;
        consumed = (int)reader.BytesConsumed;
        return true;
    }

    /// <summary>The events of a body <see cref="CountEventsAsync"/> accepted that concern a well-formed survey id.</summary>
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
                    CleanText.Clean(Text(element, "reason"), MaxReasonLength),
                    Text(element, "type"),
                    Text(element, RoundArgument),
                    Text(element, "email")));
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
