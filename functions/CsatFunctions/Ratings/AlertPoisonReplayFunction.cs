using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class AlertPoisonReplayFunction(PoisonReplayEndpoint replay)
{
    // "admin" cannot start a route template here (see ScoreRefreshFunction); the endpoint checks Csat__AdminKey.
    [Function("ReplayPoisonedAlerts")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "{area:regex(^admin$)}/alerts/poison/replay")] HttpRequest request,
        CancellationToken cancellationToken) =>
        replay.ReplayAlertsAsync(request, cancellationToken);
}
