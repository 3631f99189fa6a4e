using CsatFunctions.Scores;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreBadgeFunction(ScoreBadgeEndpoint badge)
{
    [Function("ScoreBadge")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "score/badge.svg")] HttpRequest request,
        CancellationToken cancellationToken) =>
        badge.GetAsync(request, cancellationToken);
}
