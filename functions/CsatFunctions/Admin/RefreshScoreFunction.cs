using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RefreshScoreFunction(ScoreRefreshEndpoint refresh)
{
    [Function(CsatRoutes.RefreshScore)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.RefreshScoreTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        refresh.RefreshAsync(cancellationToken);
}
