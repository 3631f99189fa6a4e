using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReplayPoisonedSurveysFunction(PoisonReplayEndpoint replay)
{
    [Function(CsatRoutes.ReplayPoisonedSurveys)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.ReplayPoisonedSurveysTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        replay.ReplaySurveysAsync(cancellationToken);
}
