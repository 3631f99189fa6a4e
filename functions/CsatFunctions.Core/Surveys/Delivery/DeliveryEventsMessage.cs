using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>The queue message that asks for one stored batch of SendGrid's events to be applied.</summary>
/// <param name="Batch">The batch's blob name in <see cref="DeliveryEventBatches"/>.</param>
public sealed record DeliveryEventsMessage(string Batch) : IQueueMessage<DeliveryEventsMessage>
{
    /// <summary>The Functions app's queue trigger names this queue under the default prefix, as a constant.</summary>
    public const string Queue = "delivery-events";

    public static string QueueName => Queue;

    public static JsonTypeInfo<DeliveryEventsMessage> JsonType => CsatJson.Default.DeliveryEventsMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(Batch);
}
