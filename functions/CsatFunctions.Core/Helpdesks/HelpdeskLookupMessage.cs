using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// An authentic delivery that announces a ticket without what a survey needs (ConnectWise's callbacks,
/// Autotask's ids-only webhooks): stored before the helpdesk is answered, and read from its API
/// afterwards by <see cref="HelpdeskLookups"/>.
/// </summary>
/// <param name="Helpdesk">The helpdesk's route name.</param>
/// <param name="ReceivedAt">When the delivery came: the ticket counts on this day when the API gives no resolution time.</param>
/// <param name="Attempt">How many look-ups the API has already turned away for a reason that may pass.</param>
public sealed record HelpdeskLookupMessage(
    string Helpdesk,
    string TicketId,
    DateTimeOffset ReceivedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Attempt = 0) : IQueueMessage<HelpdeskLookupMessage>
{
    public static JsonTypeInfo<HelpdeskLookupMessage> JsonType => CsatJson.Default.HelpdeskLookupMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(Helpdesk) && !string.IsNullOrEmpty(TicketId);

    /// <summary>Replayed once the cause is fixed, it gets the full count of attempts again.</summary>
    public static HelpdeskLookupMessage ForReplay(HelpdeskLookupMessage message) => message with { Attempt = 0 };
}
