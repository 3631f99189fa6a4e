using CsatFunctions.Desk;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ReportsFunction(ReportsEndpoint endpoint)
{
    [Function(CsatRoutes.Reports)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.ReportsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.GetAsync(request, cancellationToken);
}
