using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class FollowUpsFunction(FollowUpsEndpoint endpoint)
{
    [Function(CsatRoutes.FollowUps)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.FollowUpsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.ListAsync(request, cancellationToken);
}
