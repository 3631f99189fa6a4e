using CsatFunctions.Scores.Policy;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReviewPolicyFunction(ReviewPolicyEndpoint policy)
{
    [Function(CsatRoutes.ReviewPolicy)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.ReviewPolicyTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        policy.GetAsync(request, cancellationToken);
}
