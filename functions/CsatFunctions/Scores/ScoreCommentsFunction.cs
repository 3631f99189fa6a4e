using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreCommentsFunction(ScoreCommentsEndpoint comments)
{
    [Function(CsatRoutes.ScoreComments)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = CsatRoutes.ScoreCommentsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        comments.GetAsync(cancellationToken);
}
