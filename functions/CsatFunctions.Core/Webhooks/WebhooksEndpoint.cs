using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Webhooks;

/// <summary>The delivery log of every configured endpoint, as the desk shows it.</summary>
public sealed record WebhooksAnswer(IReadOnlyList<WebhookEndpointLog> Endpoints);

/// <summary><c>GET /api/admin/webhooks/deliveries</c>: the outgoing webhooks' delivery log as JSON, each endpoint by its host only.</summary>
public sealed class WebhooksEndpoint(WebhookLog log)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken) =>
        Results.Json(new WebhooksAnswer(await log.ReadAllAsync(cancellationToken)), CsatJson.Default.WebhooksAnswer);
}
