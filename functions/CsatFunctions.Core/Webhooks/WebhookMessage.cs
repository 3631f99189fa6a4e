using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Webhooks;

/// <summary>
/// One event on its way to one endpoint: the body is written once, when the event is raised, and
/// every attempt sends exactly these bytes under this <c>webhook-id</c>, re-signed with the attempt's
/// own timestamp. One message per endpoint, so a receiver that is down or slow delays only its own.
/// </summary>
/// <param name="Endpoint">The endpoint's name, as in <c>Csat__Webhooks__{name}__Url</c>.</param>
/// <param name="Attempt">How many attempts have failed so far.</param>
public sealed record WebhookMessage(
    string Endpoint,
    string Id,
    string Type,
    string Body,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Attempt = 0) : IQueueMessage<WebhookMessage>
{
    public static JsonTypeInfo<WebhookMessage> JsonType => CsatJson.Default.WebhookMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(Endpoint) && !string.IsNullOrEmpty(Id) && !string.IsNullOrEmpty(Type) && !string.IsNullOrEmpty(Body);

    /// <summary>Replayed once the receiver is back, it gets the whole schedule again; id and body stay as they were.</summary>
    public static WebhookMessage ForReplay(WebhookMessage message) => message with { Attempt = 0 };
}
