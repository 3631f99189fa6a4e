using CsatFunctions.Clients;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class CreateShareLinkFunction(ShareLinksEndpoint endpoint)
{
    [Function(CsatRoutes.CreateShareLink)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.CreateShareLinkTemplate)] HttpRequest request,
        string company,
        CancellationToken cancellationToken) =>
        endpoint.CreateAsync(company, request, cancellationToken);
}
