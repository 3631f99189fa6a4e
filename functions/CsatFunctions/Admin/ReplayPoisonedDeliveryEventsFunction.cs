using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReplayPoisonedDeliveryEventsFunction(PoisonReplayEndpoint replay)
{
    [Function(CsatRoutes.ReplayPoisonedDeliveryEvents)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.ReplayPoisonedDeliveryEventsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        replay.ReplayDeliveryEventsAsync(cancellationToken);
}
