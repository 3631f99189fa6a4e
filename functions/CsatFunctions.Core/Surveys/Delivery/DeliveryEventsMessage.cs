using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>The queue message that asks for one stored batch of SendGrid's events to be applied.</summary>
/// <param name="Batch">The batch's blob name in <see cref="DeliveryEventBatches"/>.</param>
public sealed record DeliveryEventsMessage(string Batch) : IQueueMessage<DeliveryEventsMessage>
{
    public static JsonTypeInfo<DeliveryEventsMessage> JsonType => CsatJson.Default.DeliveryEventsMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(Batch);
}
