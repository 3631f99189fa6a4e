using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScorePageFunction(ScorePageEndpoint page)
{
    [Function(CsatRoutes.ScorePage)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.ScorePageTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        page.GetAsync(cancellationToken);
}
