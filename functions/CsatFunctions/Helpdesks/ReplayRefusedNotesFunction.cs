using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReplayRefusedNotesFunction(RefusedNotesEndpoint replay)
{
    [Function(CsatRoutes.ReplayRefusedNotes)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.ReplayRefusedNotesTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        replay.ReplayAsync(cancellationToken);
}
