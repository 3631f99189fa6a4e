using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreFunction(ScoreEndpoint score)
{
    [Function(CsatRoutes.Score)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = CsatRoutes.ScoreTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        score.GetAsync(cancellationToken);
}
