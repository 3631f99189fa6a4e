using CsatFunctions.Scores;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreRefreshFunction(ScoreRefreshEndpoint refresh)
{
    // The Functions host refuses HTTP route templates that begin with "admin" (it keeps /admin for its own
    // API); it tests the template as written, before the "api" route prefix is added. A one-value regex
    // segment serves the contract's /api/admin/score/refresh all the same. Anonymous here: the endpoint
    // checks Csat__AdminKey itself.
    [Function("RefreshScore")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "{area:regex(^admin$)}/score/refresh")] HttpRequest request,
        CancellationToken cancellationToken) =>
        refresh.RefreshAsync(request, cancellationToken);
}
