using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class PoisonReplayFunction(PoisonReplayEndpoint replay)
{
    // "admin" cannot start a route template here (see ScoreRefreshFunction); the endpoint checks Csat__AdminKey.
    [Function("ReplayPoisonedSurveys")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "{area:regex(^admin$)}/surveys/poison/replay")] HttpRequest request,
        CancellationToken cancellationToken) =>
        replay.ReplaySurveysAsync(request, cancellationToken);
}
