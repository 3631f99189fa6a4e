using CsatFunctions.Desk;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RatingsCsvFunction(RatingsCsvEndpoint endpoint)
{
    [Function(CsatRoutes.RatingsCsv)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.RatingsCsvTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.GetAsync(request, cancellationToken);
}
