using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReplayPoisonedRemindersFunction(PoisonReplayEndpoint replay)
{
    [Function(CsatRoutes.ReplayPoisonedReminders)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.ReplayPoisonedRemindersTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        replay.ReplayRemindersAsync(cancellationToken);
}
