using CsatFunctions.Tickets;

namespace CsatFunctions.Webhooks;

/// <summary>
/// One receiver of the outgoing webhooks, from <c>Csat__Webhooks__{Name}__Url</c>, <c>__Secret</c> and
/// <c>__Events</c>. The URL may carry a token of the receiver's, so only <see cref="Host"/> is ever
/// shown or logged; the secret signs and is never shown at all.
/// </summary>
/// <param name="Events">The event types it is sent (<see cref="WebhookEventTypes"/>); all of them unless the setting narrows them.</param>
public sealed record WebhookEndpoint(string Name, Uri Url, WebhookSecret Secret, IReadOnlySet<string> Events)
{
    /// <summary>What the desk and the logs show of the URL: host and port, nothing of its path or query.</summary>
    public string Host => Url.Authority;
}
