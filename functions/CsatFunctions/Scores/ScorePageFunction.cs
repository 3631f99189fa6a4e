using CsatFunctions.Scores;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScorePageFunction(ScorePageEndpoint page)
{
    [Function("ScorePage")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "score/page")] HttpRequest request,
        CancellationToken cancellationToken) =>
        page.GetAsync(cancellationToken);
}
