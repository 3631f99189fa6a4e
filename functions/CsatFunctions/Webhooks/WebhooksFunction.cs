using CsatFunctions.Web;
using CsatFunctions.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class WebhooksFunction(WebhooksEndpoint endpoint)
{
    [Function(CsatRoutes.Webhooks)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.WebhooksTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.GetAsync(cancellationToken);
}
