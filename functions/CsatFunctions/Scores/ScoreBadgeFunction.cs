using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreBadgeFunction(ScoreBadgeEndpoint badge)
{
    [Function(CsatRoutes.ScoreBadge)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.ScoreBadgeTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        badge.GetAsync(request, cancellationToken);
}
