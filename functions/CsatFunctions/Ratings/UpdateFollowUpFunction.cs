using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class UpdateFollowUpFunction(FollowUpsEndpoint endpoint)
{
    [Function(CsatRoutes.UpdateFollowUp)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.UpdateFollowUpTemplate)] HttpRequest request,
        string surveyId,
        CancellationToken cancellationToken) =>
        endpoint.UpdateAsync(surveyId, request, cancellationToken);
}
