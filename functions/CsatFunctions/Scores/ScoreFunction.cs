using CsatFunctions.Scores;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreFunction(ScoreEndpoint score)
{
    [Function("Score")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "score")] HttpRequest request,
        CancellationToken cancellationToken) =>
        score.GetAsync(request, cancellationToken);
}
