using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReplayPoisonedFunction(PoisonReplayEndpoint replay)
{
    [Function(CsatRoutes.ReplayPoisoned)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.ReplayPoisonedTemplate)] HttpRequest request,
        string queue,
        CancellationToken cancellationToken) =>
        replay.ReplayAsync(queue, cancellationToken);
}
