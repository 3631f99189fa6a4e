using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class FailedSurveysFunction(FailedSurveysEndpoint failed)
{
    // "admin" cannot start a route template here (see ScoreRefreshFunction); the endpoint checks Csat__AdminKey.
    [Function("FailedSurveys")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{area:regex(^admin$)}/surveys/failed")] HttpRequest request,
        CancellationToken cancellationToken) =>
        failed.GetAsync(request, cancellationToken);
}
