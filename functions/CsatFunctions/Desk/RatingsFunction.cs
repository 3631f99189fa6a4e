using CsatFunctions.Desk;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RatingsFunction(RatingsEndpoint endpoint)
{
    [Function(CsatRoutes.Ratings)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.RatingsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.GetAsync(request, cancellationToken);
}
