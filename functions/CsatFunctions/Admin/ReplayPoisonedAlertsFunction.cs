using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReplayPoisonedAlertsFunction(PoisonReplayEndpoint replay)
{
    [Function(CsatRoutes.ReplayPoisonedAlerts)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.ReplayPoisonedAlertsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        replay.ReplayAlertsAsync(cancellationToken);
}
