using CsatFunctions.Clients;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RevokeShareLinkFunction(ShareLinksEndpoint endpoint)
{
    [Function(CsatRoutes.RevokeShareLink)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.RevokeShareLinkTemplate)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RevokeAsync(id, request, cancellationToken);
}
